/** Runs a process on the control machine, streaming its output line by line and honouring an AbortSignal. */
import { spawn } from 'node:child_process';
import { LineSplitter, TailBuffer } from './lines';

export interface SpawnOptions {
  /** argv[0] is the program; no shell is involved. */
  argv: readonly string[];
  cwd?: string;
  env?: Record<string, string>;
  stdin?: string;
  signal?: AbortSignal;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface SpawnResult {
  /** null when the process was killed by a signal or could not start. */
  rc: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Set when the program could not be started (ENOENT, EACCES). */
  startError?: Error;
}

const OUTPUT_LIMIT = 1024 * 1024;

export function spawnProcess(options: SpawnOptions): Promise<SpawnResult> {
  const [program, ...args] = options.argv;
  const stdout = new TailBuffer(OUTPUT_LIMIT);
  const stderr = new TailBuffer(OUTPUT_LIMIT);
  const onLine = options.onLine ?? (() => undefined);
  const outLines = new LineSplitter((line) => onLine(line, 'stdout'));
  const errLines = new LineSplitter((line) => onLine(line, 'stderr'));
  return new Promise((resolve) => {
    const child = spawn(program ?? '', args, {
      cwd: options.cwd,
      env: options.env ? { ...process.env, ...options.env } : process.env,
      signal: options.signal,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let startError: Error | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout.append(chunk);
      outLines.push(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr.append(chunk);
      errLines.push(chunk);
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin ?? '');
    child.on('error', (error) => {
      if (error.name !== 'AbortError') startError = error;
    });
    child.on('close', (rc, signal) => {
      outLines.end();
      errLines.end();
      const result: SpawnResult = { rc, signal, stdout: stdout.toString(), stderr: stderr.toString() };
      resolve(startError ? { ...result, startError } : result);
    });
  });
}
