/**
 * HTTPS for the lab: a throw-away CA and a server certificate for 127.0.0.1 / localhost, made with the `openssl`
 * command. The CA certificate is written where clients can trust it (`ca.pem` in the state directory).
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { RunbookError } from '../shared/errors';

const run = promisify(execFile);

export class LabTlsError extends RunbookError {
  constructor(message: string, cause?: unknown) {
    super(message, {
      code: 'LAB_TLS_UNAVAILABLE',
      hint: 'Install the openssl command (e.g. `dnf install openssl`) or start the lab without https.',
      cause,
    });
  }
}

export interface LabTls {
  key: string;
  cert: string;
  /** PEM of the CA that signed the server certificate. */
  ca: string;
  caFile: string;
}

async function openssl(command: string, args: string[], cwd: string): Promise<void> {
  try {
    await run(command, args, { cwd });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new LabTlsError('https needs the openssl command, which is not installed', error);
    }
    throw new LabTlsError(
      `openssl ${args[0] ?? ''} failed: ${(error as { stderr?: string }).stderr ?? ''}`.trim(),
      error
    );
  }
}

/** Create (or reuse) the CA and server certificate in `dir`. `command` is the openssl executable. */
export async function prepareTls(dir: string, command = 'openssl'): Promise<LabTls> {
  await mkdir(dir, { recursive: true });
  const caFile = path.join(dir, 'ca.pem');
  try {
    return { ...(await readMaterial(dir)), caFile };
  } catch {
    // not made yet
  }
  await writeFile(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  const days = ['-days', '825'];
  await openssl(
    command,
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      ...days,
      '-subj',
      '/CN=runbook lab CA',
    ],
    dir
  );
  await openssl(
    command,
    ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1'],
    dir
  );
  await openssl(
    command,
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.pem',
      ...days,
      '-extfile',
      'server.ext',
    ],
    dir
  );
  return { ...(await readMaterial(dir)), caFile };
}

async function readMaterial(dir: string): Promise<Omit<LabTls, 'caFile'>> {
  const [key, cert, ca] = await Promise.all(
    ['server.key', 'server.pem', 'ca.pem'].map((name) => readFile(path.join(dir, name), 'utf8'))
  );
  return { key: key ?? '', cert: cert ?? '', ca: ca ?? '' };
}
