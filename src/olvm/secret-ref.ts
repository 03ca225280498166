/**
 * A minimal resolver for the engine password reference (`env:NAME` or `file:PATH`), registered as a secret as
 * soon as it is read. Private to src/olvm until src/inventory exports its `resolveSecret`; then this file goes.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { registerSecret } from '../shared/redact';
import { OlvmConfigError } from './errors';

export function resolvePasswordRef(ref: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = readRef(ref, env);
  registerSecret(value);
  return value;
}

function readRef(ref: string, env: NodeJS.ProcessEnv): string {
  if (ref.startsWith('env:')) {
    const name = ref.slice(4);
    const value = env[name];
    if (value === undefined || value === '') {
      throw new OlvmConfigError(
        `engine password: environment variable ${name} is not set`,
        `export ${name}=… before running`
      );
    }
    return value;
  }
  if (ref.startsWith('file:')) {
    const raw = ref.slice(5);
    const path = raw.startsWith('~/') ? `${homedir()}/${raw.slice(2)}` : raw;
    try {
      return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new OlvmConfigError(`engine password: cannot read ${raw}: ${(error as Error).message}`, undefined, error);
    }
  }
  throw new OlvmConfigError(`engine password must be a reference (env:NAME or file:PATH), got ${ref.split(':')[0]}:…`);
}
