/**
 * Which CA each engine served when an operator trusted it (`runbook trust`), as ssh's known_hosts records host
 * keys: `<state dir>/known_engines`, one line per engine, `<origin> SHA256:<fingerprint>`. A recorded engine
 * whose CA file no longer holds the recorded CA is refused before any request is sent, naming both
 * fingerprints: a CA that changed silently is what someone between the operator and the engine would show.
 */
import { X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { homedir } from 'node:os';
import { ExitCode, RunbookError } from '../shared/errors';
import { OlvmConfigError } from './errors';

export const KNOWN_ENGINES_FILE = 'known_engines';
const HEADER =
  '# runbook known engines: the CA each engine served when it was trusted (runbook trust), as\n' +
  '# `<engine origin> SHA256:<fingerprint of its CA certificate>`. Edit only with `runbook trust --replace`.\n';

export interface KnownEngine {
  origin: string;
  /** `SHA256:AB:CD:…` (the certificate's DER, as `openssl x509 -fingerprint -sha256` shows it). */
  fingerprint: string;
}

/** The engine a CA is recorded for: the API URL's origin (`https://olvm.example.com:443` style). */
export function engineOrigin(url: string): string {
  return new URL(url).origin;
}

/** `SHA256:AB:CD:…` of a PEM certificate (the first one in the text). */
export function fingerprintOf(pem: string | Buffer): string {
  return `SHA256:${new X509Certificate(pem).fingerprint256}`;
}

export function readKnownEngines(file: string): KnownEngine[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text.split('\n').flatMap((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return [];
    const [origin, fingerprint, ...rest] = trimmed.split(/\s+/);
    if (origin === undefined || !fingerprint?.startsWith('SHA256:') || rest.length > 0) {
      throw new OlvmConfigError(
        `${file}:${index + 1}: expected "<engine origin> SHA256:<fingerprint>", got ${JSON.stringify(trimmed)}`,
        'fix or delete that line, then run `runbook trust` again'
      );
    }
    return [{ origin, fingerprint }];
  });
}

export function findKnownEngine(file: string, url: string): KnownEngine | undefined {
  const origin = engineOrigin(url);
  return readKnownEngines(file).find((entry) => entry.origin === origin);
}

/** Records (or, replacing, updates) the CA of an engine; the file is rewritten atomically. */
export function recordKnownEngine(file: string, url: string, fingerprint: string): void {
  const origin = engineOrigin(url);
  const others = readKnownEngines(file).filter((entry) => entry.origin !== origin);
  const lines = [...others, { origin, fingerprint }].map((entry) => `${entry.origin} ${entry.fingerprint}\n`);
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, HEADER + lines.join(''), { mode: 0o644 });
  renameSync(temp, file);
}

/** The engine's CA no longer is the one recorded for it. */
export class EngineCaChangedError extends RunbookError {
  readonly origin: string;
  readonly recorded: string;
  readonly current: string;

  constructor(fields: { origin: string; recorded: string; current: string; source: string; knownFile: string }) {
    super(
      `the CA ${fields.source} for the engine ${fields.origin} is not the one recorded in ${fields.knownFile}: ` +
        `recorded ${fields.recorded}, now ${fields.current}`,
      {
        code: 'ENGINE_CA_CHANGED',
        exitCode: ExitCode.CONNECTION,
        hint:
          'a changed CA is what someone between you and the engine would show: confirm the new fingerprint with the ' +
          "engine's administrator (on the engine: openssl x509 -in /etc/pki/ovirt-engine/ca.pem -noout -fingerprint " +
          '-sha256), then record it with `runbook trust --replace`',
      }
    );
    this.origin = fields.origin;
    this.recorded = fields.recorded;
    this.current = fields.current;
  }
}

function readCaFile(caFile: string): Buffer {
  const path = caFile.startsWith('~/') ? `${homedir()}/${caFile.slice(2)}` : caFile;
  try {
    return readFileSync(path);
  } catch (error) {
    throw new OlvmConfigError(
      `cannot read the engine CA file ${caFile}: ${(error as Error).message}`,
      'record the engine CA with `runbook trust -i INVENTORY` (it writes engine.ca_file)',
      error
    );
  }
}

/** Refuses a CA file that is not the CA recorded for this engine (no record: nothing to compare, passes). */
export function assertTrustedCaFile(url: string, caFile: string, knownFile: string): void {
  const known = findKnownEngine(knownFile, url);
  if (known === undefined) return;
  const current = fingerprintOf(readCaFile(caFile));
  if (current === known.fingerprint) return;
  throw new EngineCaChangedError({
    origin: known.origin,
    recorded: known.fingerprint,
    current,
    source: `in ${caFile}`,
    knownFile,
  });
}
