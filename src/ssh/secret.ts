/**
 * Resolves a secret reference (`env:NAME`, `file:PATH`) and registers the value for redaction.
 * A private stand-in until src/inventory exports the shared `resolveSecret`; the SSH layer then switches to it.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { RunbookError } from '../shared/errors';
import { registerSecret } from '../shared/redact';
import type { SecretRef } from '../inventory/types';

export class SecretReferenceError extends RunbookError {
  readonly ref: string;
  constructor(ref: string, message: string, cause?: unknown) {
    super(`secret ${ref}: ${message}`, {
      code: 'SECRET_UNRESOLVED',
      hint: 'set the variable or create the file',
      cause,
    });
    this.ref = ref;
  }
}

export function resolveSshSecret(secret: SecretRef): string {
  const value = readSecret(secret.ref);
  registerSecret(value);
  return value;
}

function readSecret(ref: string): string {
  if (ref.startsWith('env:')) {
    const value = process.env[ref.slice(4)];
    if (value === undefined || value === '') throw new SecretReferenceError(ref, 'the environment variable is not set');
    return value;
  }
  if (ref.startsWith('file:')) {
    const path = ref.slice(5).replace(/^~(?=\/)/, homedir());
    try {
      return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new SecretReferenceError(ref, 'the file cannot be read', error);
    }
  }
  throw new SecretReferenceError(ref, 'expected env:NAME or file:PATH');
}
