/**
 * The runbook contender of `npm run bench -- ssh`, run as a child process under /usr/bin/time so that it is
 * measured exactly like the other contenders. It runs T steps of ssh.command on N hosts the way the engine does:
 * for each step x host, plan then apply; a step runs on every host concurrently (forks = N) and the next step
 * starts when it has finished everywhere; one pooled connection per host.
 * (`runbook exec` was held back on main when this was written, so this drives the real SshPool and the real
 * ssh.command module directly, with a ModuleContext like the engine's.)
 *
 * Usage: node dist/bench/bench/_ssh-contender.js CONFIG.json   (written by bench/ssh.ts)
 */
import { readFileSync } from 'node:fs';
import type { HostEntry, Inventory } from '../src/inventory/types';
import { sshCommand } from '../src/modules/ssh/command';
import type { ModuleContext } from '../src/modules/types';
import { createSshPool } from '../src/ssh';
import type { SshPool } from '../src/ssh';

function contextFor(host: HostEntry, inventory: Inventory, pool: SshPool, stepId: string): ModuleContext {
  return {
    stepId,
    target: host,
    inventory,
    isDryRun: false,
    baseDir: process.cwd(),
    signal: new AbortController().signal,
    services: { ssh: (h) => pool.session(h), engine: () => Promise.reject(new Error('no engine in this bench')) },
    output: () => undefined,
    progress: () => undefined,
    warn: () => undefined,
    correlationId: () => stepId,
    evaluate: () => undefined,
    confirm: () => Promise.resolve(true),
    waiting: (work) => work(),
  };
}

async function runStep(host: HostEntry, inventory: Inventory, pool: SshPool, step: number): Promise<void> {
  const ctx = contextFor(host, inventory, pool, `step-${step}`);
  const args = { cmd: `echo step-${step}` };
  const plan = await sshCommand.plan(ctx, args);
  const { result } = await sshCommand.apply(ctx, args, plan);
  if (result?.stdout !== `step-${step}\n`)
    throw new Error(`unexpected output on ${host.name}: ${String(result?.stdout)}`);
}

async function runContender(): Promise<void> {
  const { inventory, steps } = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as {
    inventory: Inventory;
    steps: number;
  };
  const pool = createSshPool(inventory, { isDryRun: false });
  try {
    const hosts = Object.values(inventory.hosts);
    for (let step = 1; step <= steps; step++) {
      await Promise.all(hosts.map((host) => runStep(host, inventory, pool, step)));
    }
  } finally {
    await pool.close();
  }
}

runContender().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
