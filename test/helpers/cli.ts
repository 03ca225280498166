/** Running the CLI in-process with captured output, and temp dirs with files for it to read. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
// The CLI loads a command's implementation when the command runs. Load the heavy ones with this helper instead, so
// that compiling them (ts-jest, on a cold cache) counts against the test file's setup, not the first test's timeout.
import '../../src/cli/run-command';
import '../../src/cli/lab';
import '../../src/cli/report';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  isInteractive?: boolean;
}

export async function runCli(args: string[], options: RunCliOptions): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text) => void (stdout += text), isTTY: false },
    stderr: { write: (text) => void (stderr += text), isTTY: false },
    isInteractive: options.isInteractive ?? false,
    // The engine locks of this test's runs only: parallel test files use the same engine URLs (TINY_INVENTORY).
    env: {
      RUNBOOK_STATE_DIR: join(options.cwd, '.runbook'),
      RUNBOOK_LOCK_DIR: join(options.cwd, '.locks'),
      ...options.env,
    },
    cwd: options.cwd,
  };
  const code = await main(['node', 'runbook', ...args], io);
  return { code, stdout, stderr };
}

export interface TestDir {
  path: string;
  file(name: string): string;
  cleanup(): void;
}

/** A temp dir holding `files` (name -> content); remove it with cleanup(). */
export function testdir(files: Record<string, string>): TestDir {
  const path = mkdtempSync(join(tmpdir(), 'runbook-e2e-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(path, name)), { recursive: true });
    writeFileSync(join(path, name), content);
  }
  return {
    path,
    file: (name) => join(path, name),
    cleanup: () => rmSync(path, { recursive: true, force: true }),
  };
}

/** A tiny inventory: two primary hosts, one secondary, a standalone engine on a closed loopback port. */
export const TINY_INVENTORY = `name: e2e
engine: { kind: standalone, url: "http://127.0.0.1:1/ovirt-engine/api", username: admin@internal, ha: external }
cluster: { name: stretch, data_center: dc1 }
storage: { replication: synchronous }
sites:
  primary: { storage_domains: [data-a], hosts: { kvm-a1: { address: 127.0.1.11 }, kvm-a2: { address: 127.0.1.12 } } }
  secondary: { storage_domains: [data-b], hosts: { kvm-b1: { address: 127.0.2.21 } } }
vms:
  - { name: db-1, site: primary, memory: 1GiB }
  - { name: web-1, site: secondary, memory: 1GiB }
`;
