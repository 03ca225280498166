/** Splits a byte stream into complete lines as chunks arrive; `end()` yields the unterminated tail. */
import { StringDecoder } from 'node:string_decoder';

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer | string): void {
    const text = this.partial + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.onLine(stripCarriageReturn(line));
  }

  end(): void {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    if (rest.length > 0) this.onLine(stripCarriageReturn(rest));
  }
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Keeps the last `limit` characters of a growing text (command output can be huge). */
export class TailBuffer {
  private text = '';
  private isTruncated = false;

  constructor(private readonly limit: number) {}

  append(chunk: string): void {
    this.text += chunk;
    if (this.text.length > this.limit * 2) this.trim();
  }

  toString(): string {
    this.trim();
    return this.isTruncated ? `[…truncated…]\n${this.text}` : this.text;
  }

  private trim(): void {
    if (this.text.length <= this.limit) return;
    this.text = this.text.slice(this.text.length - this.limit);
    this.isTruncated = true;
  }
}
