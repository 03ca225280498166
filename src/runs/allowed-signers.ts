/**
 * OpenSSH's allowed signers file (ssh-keygen(1), "ALLOWED SIGNERS"), the one `ssh-keygen -Y verify -f` reads:
 *
 *     principals [options] keytype base64-key [comment]
 *
 * principals: comma-separated patterns (`*`, `?`, `!negation`), quoted when they hold spaces; options:
 * `namespaces="a,b"`, `valid-after=`, `valid-before=` (YYYYMMDD[HHMM[SS]][Z]), `cert-authority` (certificates are
 * not supported here: such lines are skipped, and said so). Lines starting with `#` and blank lines are ignored.
 */
import { readFileSync } from 'node:fs';
import { ExitCode, RunbookError } from '../shared/errors';

export interface AllowedSigner {
  principals: string[];
  namespaces?: string[];
  validAfter?: Date;
  validBefore?: Date;
  isCertAuthority: boolean;
  /** SSH wire format. */
  publicKey: Buffer;
  line: number;
}

export class AllowedSignersError extends RunbookError {
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`, {
      code: 'ALLOWED_SIGNERS',
      exitCode: ExitCode.USAGE,
      hint: 'write one signer per line: principals [options] keytype base64-key (see ssh-keygen(1), ALLOWED SIGNERS)',
    });
    this.path = path;
  }
}

const KEY_TYPE = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-\S+|ssh-dss)$/;

export function readAllowedSigners(path: string): AllowedSigner[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AllowedSignersError(path, `cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseAllowedSigners(text, path);
}

export function parseAllowedSigners(text: string, path = 'allowed_signers'): AllowedSigner[] {
  const signers: AllowedSigner[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = splitFields(line);
    const [principals, second] = fields;
    if (principals === undefined || second === undefined) {
      throw new AllowedSignersError(path, `line ${index + 1}: expected principals, key type and key`);
    }
    const hasOptions = !KEY_TYPE.test(second);
    const keyAt = hasOptions ? 2 : 1;
    const base64 = fields[keyAt + 1];
    if (fields[keyAt] === undefined || !KEY_TYPE.test(fields[keyAt]) || base64 === undefined) {
      throw new AllowedSignersError(path, `line ${index + 1}: expected a key type and a base64 key`);
    }
    signers.push({
      principals: splitList(principals),
      ...parseOptions(hasOptions ? second : '', path, index + 1),
      publicKey: Buffer.from(base64, 'base64'),
      line: index + 1,
    });
  });
  return signers;
}

/** Whitespace-separated fields; double quotes keep spaces (and commas) inside one field. */
function splitFields(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  let isQuoted = false;
  for (const ch of line) {
    if (ch === '"') isQuoted = !isQuoted;
    if (!isQuoted && (ch === ' ' || ch === '\t')) {
      if (current !== '') fields.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (current !== '') fields.push(current);
  return fields;
}

function splitList(text: string): string[] {
  return text
    .replace(/"/g, '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

type Options = Pick<AllowedSigner, 'namespaces' | 'validAfter' | 'validBefore' | 'isCertAuthority'>;

function parseOptions(text: string, path: string, line: number): Options {
  const options: Options = { isCertAuthority: false };
  for (const option of text.match(/[^,"]+(?:"[^"]*")?/g) ?? []) {
    const [name, ...rest] = option.split('=');
    const value = rest.join('=').replace(/^"|"$/g, '');
    const key = name?.trim().toLowerCase();
    if (key === 'cert-authority') options.isCertAuthority = true;
    else if (key === 'namespaces') options.namespaces = splitList(value);
    else if (key === 'valid-after') options.validAfter = parseTime(value, path, line);
    else if (key === 'valid-before') options.validBefore = parseTime(value, path, line);
    else throw new AllowedSignersError(path, `line ${line}: unknown option ${option}`);
  }
  return options;
}

function parseTime(text: string, path: string, line: number): Date {
  const match = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?(Z?)$/.exec(text);
  if (!match) throw new AllowedSignersError(path, `line ${line}: bad time ${text} (YYYYMMDD[HHMM[SS]][Z])`);
  const [, y, mo, d, h = '00', mi = '00', s = '00', z] = match as unknown as string[];
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${z === 'Z' ? 'Z' : ''}`;
  return new Date(iso);
}

/** ssh's pattern match: `*` any run, `?` one character. */
function matchesPattern(text: string, pattern: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`
  );
  return regex.test(text);
}

/** A principal list matches when a pattern matches and no negated one (`!pattern`) does. */
function matchesPrincipals(identity: string, patterns: readonly string[]): boolean {
  const negated = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  if (negated.some((p) => matchesPattern(identity, p))) return false;
  return patterns.some((p) => !p.startsWith('!') && matchesPattern(identity, p));
}

export interface SignerMatch {
  /** The principals the key is allowed as (for this namespace, now). */
  principals: string[];
  /** Why entries with this key did not count (expired, another namespace, a CA line). */
  excluded: string[];
}

/** The entries that allow `publicKey` to sign in `namespace` at `at` (as `identity`, when given). */
export function findSigner(
  signers: readonly AllowedSigner[],
  publicKey: Buffer,
  namespace: string,
  options: { identity?: string; at?: Date } = {}
): SignerMatch {
  const at = options.at ?? new Date();
  const match: SignerMatch = { principals: [], excluded: [] };
  for (const entry of signers.filter((s) => s.publicKey.equals(publicKey))) {
    const where = `allowed signers line ${entry.line}`;
    if (entry.isCertAuthority) match.excluded.push(`${where} is a cert-authority (certificates are not supported)`);
    else if (entry.namespaces && !entry.namespaces.some((n) => matchesPattern(namespace, n)))
      match.excluded.push(`${where} does not allow namespace ${namespace}`);
    else if (entry.validAfter && at < entry.validAfter) match.excluded.push(`${where} is not valid yet`);
    else if (entry.validBefore && at > entry.validBefore) match.excluded.push(`${where} has expired`);
    else if (options.identity !== undefined && !matchesPrincipals(options.identity, entry.principals))
      match.excluded.push(`${where} does not name ${options.identity}`);
    else match.principals.push(...(options.identity !== undefined ? [options.identity] : entry.principals));
  }
  return match;
}
