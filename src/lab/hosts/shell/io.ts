/** The shell's standard streams: sinks that collect or forward output, and inputs read by line or whole. */
import type { Readable } from 'node:stream';

export interface OutputSink {
  write(chunk: string | Buffer): void;
}

export interface InputSource {
  /** The next line without its newline; undefined at end of input. */
  readLine(): Promise<string | undefined>;
  /** Everything left, once the input ends. */
  readAll(): Promise<Buffer>;
}

export class BufferSink implements OutputSink {
  private readonly chunks: Buffer[] = [];
  write(chunk: string | Buffer): void {
    this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  content(): Buffer {
    return Buffer.concat(this.chunks);
  }
  text(): string {
    return this.content().toString('utf8');
  }
}

export const NULL_SINK: OutputSink = { write: () => undefined };

export class BufferInput implements InputSource {
  constructor(private rest: Buffer) {}
  readLine(): Promise<string | undefined> {
    if (this.rest.length === 0) return Promise.resolve(undefined);
    const end = this.rest.indexOf('\n');
    const line = end < 0 ? this.rest : this.rest.subarray(0, end);
    this.rest = end < 0 ? Buffer.alloc(0) : this.rest.subarray(end + 1);
    return Promise.resolve(line.toString('utf8'));
  }
  readAll(): Promise<Buffer> {
    const all = this.rest;
    this.rest = Buffer.alloc(0);
    return Promise.resolve(all);
  }
}

export function emptyInput(): InputSource {
  return new BufferInput(Buffer.alloc(0));
}

/** Input from an SSH channel: data is buffered as it arrives; reads wait for a newline or the client's EOF. */
export class StreamInput implements InputSource {
  private buffered = Buffer.alloc(0);
  private isEnded = false;
  private waiters: (() => void)[] = [];

  constructor(stream: Readable) {
    stream.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.wake();
    });
    stream.on('end', () => this.finish());
    stream.on('close', () => this.finish());
  }

  async readLine(): Promise<string | undefined> {
    while (!this.isEnded && !this.buffered.includes('\n')) await this.nextChunk();
    return new BufferInput(this.buffered).readLine().then((line) => {
      const consumed = line === undefined ? 0 : Buffer.byteLength(line) + 1;
      this.buffered = this.buffered.subarray(Math.min(consumed, this.buffered.length));
      return line;
    });
  }

  async readAll(): Promise<Buffer> {
    while (!this.isEnded) await this.nextChunk();
    const all = this.buffered;
    this.buffered = Buffer.alloc(0);
    return all;
  }

  private finish(): void {
    this.isEnded = true;
    this.wake();
  }

  private nextChunk(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
