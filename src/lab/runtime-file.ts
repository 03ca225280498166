/** `.runbook/lab/runtime.json`: how to reach the running lab (its pid, admin endpoint and token, URLs, ports). */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Endpoint } from './hosts';

const RUNTIME_FILE = 'runtime.json';

export interface LabRuntimeRecord {
  pid: number;
  startedAt: string;
  /** The admin endpoint (`http://127.0.0.1:PORT/runbook-lab`), not part of the oVirt API. */
  adminUrl: string;
  token: string;
  engineUrl: string;
  endpoints: Record<string, Endpoint>;
  inventory: string;
}

export function runtimeFilePath(stateDir: string): string {
  return join(stateDir, RUNTIME_FILE);
}

export async function writeRuntimeRecord(stateDir: string, record: LabRuntimeRecord): Promise<void> {
  await writeFile(runtimeFilePath(stateDir), JSON.stringify(record, null, 2) + '\n', { mode: 0o600 });
}

export async function removeRuntimeRecord(stateDir: string): Promise<void> {
  await rm(runtimeFilePath(stateDir), { force: true });
}

/** The record of a lab whose process is still alive, else undefined (a stale record is ignored). */
export async function readLiveRuntimeRecord(stateDir: string): Promise<LabRuntimeRecord | undefined> {
  let record: LabRuntimeRecord;
  try {
    record = JSON.parse(await readFile(runtimeFilePath(stateDir), 'utf8')) as LabRuntimeRecord;
  } catch {
    return undefined;
  }
  return isProcessAlive(record.pid) ? record : undefined;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
