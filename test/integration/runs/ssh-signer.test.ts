/**
 * Journal heads signed with every kind of key an operator has (ed25519, ECDSA, RSA; a key file, or the key in a
 * real ssh-agent, by `agent` or by its .pub) are accepted by OpenSSH's own `ssh-keygen -Y verify`, and by our
 * checker; a key that cannot be used is refused clearly.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { openSigner, signMessage } from '../../../src/runs/ssh-signer';
import { checkSignature, JOURNAL_NAMESPACE, parseSignature } from '../../../src/runs/sshsig';
import { testdir } from '../../helpers/cli';
import type { TestDir } from '../../helpers/cli';
import { startSshAgent } from '../../helpers/sshd-process';
import type { AgentHandle } from '../../helpers/sshd-process';

const IDENTITY = 'ops@example.com';
const MESSAGE = 'runbook journal head\nrun r1\nlines 3\n';
const KEYS = [
  ['ed25519', ['-t', 'ed25519']],
  ['ecdsa-256', ['-t', 'ecdsa', '-b', '256']],
  ['ecdsa-384', ['-t', 'ecdsa', '-b', '384']],
  ['ecdsa-521', ['-t', 'ecdsa', '-b', '521']],
  ['rsa', ['-t', 'rsa', '-b', '2048']],
] as const;

describe('SSHSIG heads as ssh-keygen verifies them', () => {
  let dir: TestDir;
  beforeAll(() => {
    dir = testdir({ 'head.txt': MESSAGE });
    const signers: string[] = [];
    for (const [name, args] of KEYS) {
      execFileSync('ssh-keygen', ['-q', ...args, '-N', '', '-C', name, '-f', dir.file(name)]);
      signers.push(`${IDENTITY} ${readFileSync(dir.file(`${name}.pub`), 'utf8').trim()}`);
    }
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'secret phrase', '-f', dir.file('encrypted')]);
    signers.push(`${IDENTITY} ${readFileSync(dir.file('encrypted.pub'), 'utf8').trim()}`);
    writeFileSync(dir.file('allowed_signers'), signers.join('\n') + '\n');
  });
  afterAll(() => dir.cleanup());

  function verifyWithSshKeygen(signature: string, message = MESSAGE): { status: number | null; output: string } {
    writeFileSync(dir.file('head.sig'), signature);
    const args = ['-Y', 'verify', '-f', dir.file('allowed_signers'), '-I', IDENTITY, '-n', JOURNAL_NAMESPACE];
    const result = spawnSync('ssh-keygen', [...args, '-s', dir.file('head.sig')], { input: message, encoding: 'utf8' });
    return { status: result.status, output: result.stdout + result.stderr };
  }

  async function expectAccepted(spec: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
    const signature = await signMessage(await openSigner(spec, env), Buffer.from(MESSAGE));
    expect(verifyWithSshKeygen(signature)).toEqual({
      status: 0,
      output: expect.stringContaining(`Good "${JOURNAL_NAMESPACE}" signature for ${IDENTITY}`),
    });
    expect(checkSignature(Buffer.from(MESSAGE), parseSignature(signature), JOURNAL_NAMESPACE)).toBeUndefined();
    const forged = MESSAGE.replace('lines 3', 'lines 2');
    expect(verifyWithSshKeygen(signature, forged).status).not.toBe(0);
    expect(checkSignature(Buffer.from(forged), parseSignature(signature), JOURNAL_NAMESPACE)).toMatch(/./);
  }

  it.each(KEYS.map(([name]) => name))('signs with a %s key file', async (name) => {
    await expectAccepted(dir.file(name));
  });

  describe('through a real ssh-agent', () => {
    const agents: AgentHandle[] = [];
    afterAll(async () => {
      for (const agent of agents) await agent.stop();
    });

    it.each(KEYS.map(([name]) => name))(
      'signs with a %s key held by the agent (`agent`, and by its .pub)',
      async (name) => {
        const agent = await startSshAgent(dir.file(name));
        agents.push(agent);
        await expectAccepted('agent', { SSH_AUTH_SOCK: agent.socket });
        await expectAccepted(dir.file(`${name}.pub`), { SSH_AUTH_SOCK: agent.socket });
      }
    );
  });

  it('refuses keys it cannot use, naming the key and the reason', async () => {
    await expect(openSigner(dir.file('missing'), {})).rejects.toMatchObject({
      code: 'SIGNING_KEY',
      message: expect.stringContaining('no such file'),
    });
    await expect(openSigner(dir.file('encrypted'), {})).rejects.toMatchObject({
      code: 'SIGNING_KEY',
      message: expect.stringContaining('no ssh-agent'),
    });
    await expect(openSigner('agent', {})).rejects.toMatchObject({ code: 'SIGNING_KEY' });
  });
});
