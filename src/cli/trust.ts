/**
 * `runbook trust [-i INVENTORY] [--yes] [--replace]`: record the CA an engine serves, as ssh-keyscan and
 * known_hosts record a host key. It fetches the engine's CA once, unverified (nothing to verify against yet),
 * checks that it is a CA and that it signed the TLS certificate the engine presented, shows its SHA-256
 * fingerprint, asks, then writes it to the inventory's `engine.ca_file` and records the fingerprint in
 * `<state dir>/known_engines`. Runs verify TLS against that file and refuse it once it no longer holds the
 * recorded CA; `trust` itself refuses an engine that now serves another CA (naming both fingerprints) unless
 * `--replace`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadInventory } from '../inventory/load';
import type { Inventory } from '../inventory/types';
import {
  EngineCaChangedError,
  engineOrigin,
  findKnownEngine,
  fingerprintOf,
  recordKnownEngine,
} from '../olvm/known-engines';
import type { ServedCa } from '../olvm/served-ca';
import { fetchServedCa, hasSigned } from '../olvm/served-ca';
import { ExitCode, RunbookError } from '../shared/errors';
import { displayPath } from '../shared/paths';
import { knownEnginesPathOf } from './engine-trust';
import type { CliIo } from './io';
import { attachLab, labStateDirOf } from './lab-attach';
import { createPrompt } from './prompt';
import { resolveInventoryPath } from './project';

export interface TrustOptions {
  inventory?: string;
  yes?: boolean;
  replace?: boolean;
}

export class TrustError extends RunbookError {
  constructor(message: string, exitCode: ExitCode, hint?: string) {
    super(message, { code: 'TRUST_REFUSED', exitCode, ...(hint !== undefined ? { hint } : {}) });
  }
}

function caFileOf(inventory: Inventory): string {
  const { engine } = inventory;
  if (!engine.url.startsWith('https:')) {
    throw new TrustError(
      `${inventory.path}: engine.url ${engine.url} is plain http: there is no CA to trust`,
      ExitCode.INVALID_INPUT,
      'a real engine answers https only: use https://ENGINE/ovirt-engine/api'
    );
  }
  if (engine.insecure) {
    throw new TrustError(
      `${inventory.path}: engine.insecure is true: TLS verification is off, so a recorded CA would not be used`,
      ExitCode.INVALID_INPUT,
      'remove insecure: true and set engine.ca_file to where the CA should be written'
    );
  }
  if (engine.caFile === undefined) {
    throw new TrustError(
      `${inventory.path}: engine.ca_file is not set: runbook trust writes the engine's CA there`,
      ExitCode.INVALID_INPUT,
      'set engine.ca_file (e.g. ca_file: ~/.runbook/olvm-ca.pem) and run runbook trust again'
    );
  }
  return engine.caFile;
}

function describe(served: ServedCa, origin: string, fingerprint: string): string {
  const cert = served.certificate;
  return [
    `engine ${origin} serves this CA:`,
    `  subject  ${cert.subject.replace(/\n/g, ', ')}`,
    `  valid    ${cert.validFrom} until ${cert.validTo}`,
    `  ${fingerprint.replace(':', '  ')}`,
    '',
  ].join('\n');
}

function checkServed(served: ServedCa, origin: string, fingerprint: string): void {
  if (!served.certificate.ca) {
    throw new TrustError(
      `the certificate ${origin} served as its CA (${fingerprint}) is not a CA certificate`,
      ExitCode.REFUSED
    );
  }
  const server = served.serverCertificate;
  if (server !== undefined && !hasSigned(served.certificate, server)) {
    throw new TrustError(
      `the CA ${origin} served (${fingerprint}) did not sign the TLS certificate it presented ` +
        `(${server.subject.replace(/\n/g, ', ')}, issued by ${server.issuer.replace(/\n/g, ', ')}): not trusting it`,
      ExitCode.REFUSED,
      'something other than the engine may be answering at that address: check with its administrator'
    );
  }
}

function fingerprintOfFile(file: string): string | undefined {
  try {
    return fingerprintOf(readFileSync(file));
  } catch {
    return undefined;
  }
}

function writeCaFile(file: string, pem: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, pem, { mode: 0o644 });
}

async function trustServed(inventory: Inventory, apiUrl: string, options: TrustOptions, io: CliIo): Promise<ExitCode> {
  const caFile = caFileOf(inventory);
  const origin = engineOrigin(inventory.engine.url);
  const knownFile = knownEnginesPathOf(io);
  const served = await fetchServedCa(apiUrl);
  const fingerprint = fingerprintOf(served.pem);
  checkServed(served, origin, fingerprint);
  io.stdout.write(describe(served, origin, fingerprint));
  const known = findKnownEngine(knownFile, inventory.engine.url);
  const where = `${displayPath(caFile, io.cwd)} (engine.ca_file), recorded in ${displayPath(knownFile, io.cwd)}`;
  if (known?.fingerprint === fingerprint) {
    if (fingerprintOfFile(caFile) !== fingerprint) writeCaFile(caFile, served.pem);
    io.stdout.write(`already trusted: ${where}\n`);
    return ExitCode.OK;
  }
  if (known !== undefined && options.replace !== true) {
    throw new EngineCaChangedError({
      origin,
      recorded: known.fingerprint,
      current: fingerprint,
      source: 'served',
      knownFile: displayPath(knownFile, io.cwd),
    });
  }
  const question =
    known === undefined
      ? `Trust this CA for ${origin}?`
      : `Replace the CA recorded for ${origin} (${known.fingerprint}) with this one (${fingerprint})?`;
  const isYes = options.yes === true || (await createPrompt(io)(question));
  if (!isYes) throw new TrustError(`not trusted: the CA of ${origin} was not recorded`, ExitCode.REFUSED);
  writeCaFile(caFile, served.pem);
  recordKnownEngine(knownFile, inventory.engine.url, fingerprint);
  io.stdout.write(`trusted: ${where}\n`);
  return ExitCode.OK;
}

export async function runTrustCommand(options: TrustOptions, io: CliIo): Promise<ExitCode> {
  const path = resolveInventoryPath(options.inventory, io.cwd, io.env);
  const inventory = await loadInventory(path, { stateDir: labStateDirOf(io) });
  caFileOf(inventory);
  const lab = await attachLab(inventory, io);
  if (lab !== undefined) io.stdout.write(`${lab.note}\n`);
  try {
    return await trustServed(inventory, (lab?.inventory ?? inventory).engine.url, options, io);
  } finally {
    await lab?.close();
  }
}
