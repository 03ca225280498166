/**
 * `ssh.authorized_key`: public keys in a user's `~/.ssh/authorized_keys` on the target host, as the engine needs
 * its own key there (for `root`, the user it logs in as by default) before it can add the host without a root
 * password. Keys are compared by type and key material (options and comments aside); present adds the missing
 * ones at the end, absent removes them. The file is kept as sshd's StrictModes wants it (owned by the user, mode
 * 0600, `~/.ssh` mode 0700), else sshd ignores it. Plan reads the file (read-only); apply rewrites it atomically.
 */
import { posix } from 'node:path';
import { quoteShellWord } from '../../ssh/quote';
import type { Change, StepModule } from '../types';
import { planChanges, planNone } from '../types';
import { SshModuleArgsError } from './errors';
import { probe, runRemote, sessionOf } from './target';

const NAME = 'ssh.authorized_key';
const KEY_TYPE =
  /^(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)$/;
const FILE_MODE = 0o600;

export interface SshAuthorizedKeyArgs {
  /** One or more public key lines (`ssh-rsa AAAA… comment`). */
  key: string;
  /** Whose authorized_keys (default root). */
  user?: string;
  state?: 'present' | 'absent';
  /** The file, when it is not ~USER/.ssh/authorized_keys (/root for root, /home/USER otherwise). */
  path?: string;
  become?: boolean;
}

interface KeyLine {
  line: string;
  /** `type base64`: what identifies the key. */
  id: string;
}

interface AuthorizedKeyPlan {
  content: string;
  path: string;
  user: string;
}

function keyIdOf(line: string): string | undefined {
  const text = line.trim();
  if (text === '' || text.startsWith('#')) return undefined;
  const fields = text.split(/\s+/);
  const at = fields.findIndex((field) => KEY_TYPE.test(field));
  const material = at >= 0 ? fields[at + 1] : undefined;
  return material !== undefined && /^[A-Za-z0-9+/]+=*$/.test(material) ? `${fields[at]} ${material}` : undefined;
}

function wantedKeys(stepId: string, text: string): KeyLine[] {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const keys = lines.map((line) => ({ line: line.trim(), id: keyIdOf(line) }));
  const bad = keys.find((key) => key.id === undefined);
  if (bad !== undefined || keys.length === 0) {
    throw new SshModuleArgsError(
      NAME,
      stepId,
      `key must be public key lines (type, base64 key, optional comment), got ${JSON.stringify(bad?.line ?? text)}`
    );
  }
  return keys as KeyLine[];
}

function pathOf(args: SshAuthorizedKeyArgs, user: string): string {
  return args.path ?? posix.join(user === 'root' ? '/root' : `/home/${user}`, '.ssh', 'authorized_keys');
}

function nextContent(current: string, keys: readonly KeyLine[], isPresent: boolean): string {
  const present = new Set(current.split('\n').map(keyIdOf));
  if (isPresent) {
    const missing = keys.filter((key) => !present.has(key.id)).map((key) => key.line);
    if (missing.length === 0) return current;
    const base = current === '' || current.endsWith('\n') ? current : `${current}\n`;
    return `${base}${missing.join('\n')}\n`;
  }
  const unwanted = new Set(keys.map((key) => key.id));
  return current
    .split('\n')
    .filter((line) => !unwanted.has(keyIdOf(line) ?? ''))
    .join('\n');
}

export const sshAuthorizedKey: StepModule<SshAuthorizedKeyArgs, AuthorizedKeyPlan> = {
  name: NAME,
  description: "Public keys in a user's ~/.ssh/authorized_keys (e.g. the engine's key for root before adding hosts).",
  schema: {
    type: 'object',
    properties: {
      key: { type: 'string', minLength: 1, description: 'One or more public key lines (`ssh-rsa AAAA… comment`).' },
      user: { type: 'string', minLength: 1, description: 'Whose authorized_keys (default root).' },
      state: { type: 'string', enum: ['present', 'absent'], description: 'present (default) adds, absent removes.' },
      path: { type: 'string', pattern: '^/', description: 'The file, if not ~USER/.ssh/authorized_keys.' },
      become: { type: 'boolean', description: 'Read and write through sudo (default: the host’s `become`).' },
    },
    required: ['key'],
    additionalProperties: false,
  },
  async plan(ctx, args) {
    const keys = wantedKeys(ctx.stepId, args.key);
    const user = args.user ?? 'root';
    const path = pathOf(args, user);
    const session = await sessionOf(ctx, NAME);
    const current = (await session.readFile(path, args.become !== undefined ? { become: args.become } : {}))?.toString(
      'utf8'
    );
    const content = nextContent(current ?? '', keys, args.state !== 'absent');
    const changes: Change[] = [];
    const count = (text: string) => keys.filter((key) => text.split('\n').some((l) => keyIdOf(l) === key.id)).length;
    if (content !== (current ?? ''))
      changes.push({
        path,
        from: `${count(current ?? '')} of ${keys.length} keys`,
        to: `${count(content)} of ${keys.length} keys`,
      });
    if (current !== undefined && changes.length === 0) {
      const stat = await probe(ctx, session, `stat -c '%a %U' -- ${quoteShellWord(path)}`, args.become);
      const [mode, owner] = stat.stdout.trim().split(' ');
      const isLoose = (parseInt(mode ?? '0', 8) & 0o022) !== 0 || owner !== user;
      if (isLoose) changes.push({ path: `${path}:mode`, from: `${mode ?? '?'} ${owner ?? '?'}`, to: `0600 ${user}` });
    }
    const result = { path, user, keys: keys.length };
    return changes.length === 0 ? planNone(result) : { ...planChanges(changes, { content, path, user }), result };
  },
  async apply(ctx, args, plan) {
    const data = plan.data;
    if (data === undefined) return {};
    const session = await sessionOf(ctx, NAME);
    const become = args.become !== undefined ? { become: args.become } : {};
    const dir = quoteShellWord(posix.dirname(data.path));
    await runRemote(
      ctx,
      NAME,
      session,
      `mkdir -p ${dir} && chmod 700 ${dir} && chown ${quoteShellWord(data.user)} ${dir}`,
      become
    );
    await session.writeFile(data.path, data.content, { mode: FILE_MODE, owner: data.user, ...become });
    return { result: { path: data.path, user: data.user, changed: true } };
  },
};
