/** Runs a contender as a child process under /usr/bin/time, so that every contender is measured the same way. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TIME = '/usr/bin/time';

export interface Measurement {
  /** Wall-clock seconds. */
  wall: number;
  /** Client CPU seconds (user + system) of the process and every child it waited for. */
  cpu: number;
}

export function hasTimeCommand(): boolean {
  return existsSync(TIME);
}

export async function measure(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<Measurement> {
  const out = join(tmpdir(), `runbook-bench-time-${process.pid}-${Date.now()}`);
  const stderr: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(TIME, ['-f', '%e %U %S', '-o', out, ...argv], { stdio: ['ignore', 'pipe', 'pipe'], env });
    child.stdout.on('data', (chunk: Buffer) => stderr.push(chunk.toString())); // kept for the failure message
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    child.once('error', reject);
    child.once('exit', resolve);
  });
  const text = existsSync(out) ? readFileSync(out, 'utf8') : '';
  rmSync(out, { force: true });
  if (code !== 0) throw new Error(`${argv.join(' ')} failed (${code}): ${stderr.join('').slice(-2000)}`);
  const fields = text.trim().split('\n').pop()?.split(' ').map(Number) ?? [];
  const [wall, user, system] = fields;
  if (wall === undefined || user === undefined || system === undefined)
    throw new Error(`cannot read ${TIME} output: ${text}`);
  return { wall, cpu: user + system };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
