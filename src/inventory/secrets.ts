/** Secrets by reference (`env:NAME`, `file:PATH`): parsed at load, read only when needed, registered for redaction. */
import { readFile } from 'node:fs/promises';
import { RunbookError, ExitCode } from '../shared/errors';
import { resolveUserPath } from '../shared/paths';
import { registerSecret } from '../shared/redact';
import type { SecretRef } from './types';

/** A reference as written; `file:` paths become absolute (relative to the document's directory). */
export function parseSecretRef(text: string, baseDir: string): SecretRef {
  if (text.startsWith('file:')) return { ref: `file:${resolveUserPath(text.slice('file:'.length), baseDir)}` };
  return { ref: text };
}

/** A secret could not be read. Names the reference, never a value. */
export class SecretUnavailableError extends RunbookError {
  readonly ref: string;
  constructor(ref: string, reason: string, hint: string, cause?: unknown) {
    super(`secret ${ref} is not available: ${reason}`, {
      code: 'SECRET_UNAVAILABLE',
      exitCode: ExitCode.INVALID_INPUT,
      hint,
      cause,
    });
    this.ref = ref;
  }
}

/** Reads the secret a reference names and registers it for redaction. */
export async function resolveSecret(secret: SecretRef): Promise<string> {
  const value = await readSecret(secret.ref);
  registerSecret(value);
  return value;
}

async function readSecret(ref: string): Promise<string> {
  if (ref.startsWith('env:')) {
    const name = ref.slice('env:'.length);
    const value = process.env[name];
    if (value === undefined || value === '') {
      throw new SecretUnavailableError(ref, `the environment variable ${name} is not set`, `export ${name}=… first`);
    }
    return value;
  }
  if (ref.startsWith('file:')) {
    const path = ref.slice('file:'.length);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'read error';
      throw new SecretUnavailableError(ref, `cannot read ${path} (${code})`, 'create the file or fix the path', error);
    }
    const value = text.replace(/\r?\n$/, '');
    if (value === '') throw new SecretUnavailableError(ref, `${path} is empty`, 'write the secret into the file');
    return value;
  }
  // Not a reference, so possibly the secret itself: never shown.
  throw new SecretUnavailableError(
    '(inline value)',
    'it is neither env:NAME nor file:PATH',
    'write env:NAME or file:PATH'
  );
}
