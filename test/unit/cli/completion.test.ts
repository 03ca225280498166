/**
 * The completion scripts, run in the real shells: bash completes through its own `complete` machinery (the test
 * sets COMP_WORDS as bash would); zsh's script is checked for syntax and its dispatch run with compsys's
 * `_arguments` and `_describe` replaced by functions that print what they were given.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'runbook-completion-'));
mkdirSync(join(dir, 'bin'));
mkdirSync(join(dir, 'project', 'runbooks'), { recursive: true });
writeFileSync(join(dir, 'project', 'runbooks', 'site-a-drill.yaml'), 'name: x\nsteps: []\n');
// The scripts ask `runbook completion --runbook-dirs` where bare names live: a stand-in answers for the test.
writeFileSync(join(dir, 'bin', 'runbook'), `#!/bin/sh\necho "${join(dir, 'project', 'runbooks')}"\n`);
chmodSync(join(dir, 'bin', 'runbook'), 0o755);

async function script(shell: string): Promise<string> {
  const result = await runCli(['completion', shell], { cwd: dir });
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return result.stdout;
}

function completeInBash(text: string, line: string): string[] {
  const program = `
source "$1"
COMP_WORDS=($2); COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
if [[ "$2" == *" " ]]; then COMP_WORDS+=(""); COMP_CWORD=$((COMP_CWORD + 1)); fi
_runbook; printf '%s\\n' "\${COMPREPLY[@]}"`;
  writeFileSync(join(dir, 'runbook.bash'), text);
  const out = execFileSync('bash', ['-c', program, 'bash', join(dir, 'runbook.bash'), line], {
    cwd: join(dir, 'project'),
    env: { PATH: `${join(dir, 'bin')}:/usr/bin:/bin` },
  });
  return out.toString().split('\n').filter(Boolean).sort();
}

describe('runbook completion bash', () => {
  let text: string;
  beforeAll(async () => {
    text = await script('bash');
  });

  it.each<[string, string[]]>([
    ['runbook ex', ['exec']],
    ['runbook i', ['init', 'inventory']],
    ['runbook exec --li', ['--limit', '--list-hosts', '--list-steps', '--list-tags']],
    [
      'runbook exec -',
      expect.arrayContaining(['-C', '--check', '-D', '--diff', '-v', '--verbose', '--json']) as unknown as string[],
    ],
    ['runbook exec site-', ['site-a-drill.yaml']],
    ['runbook exec x.yaml --tags ', ['always', 'checks', 'failback', 'failover', 'install', 'never', 'verify']],
    ['runbook doc olvm.h', ['olvm.host']],
    ['runbook lab ', expect.arrayContaining(['start', 'status', 'fail', 'recover']) as unknown as string[]],
    ['runbook lab start --fr', ['--free-ports']],
    ['runbook completion ', ['bash', 'zsh']],
    ['runbook --no', ['--no-color']],
  ])('completes %p', (line, expected) => {
    expect(completeInBash(text, line)).toEqual(expected);
  });
});

describe('runbook completion zsh', () => {
  let text: string;
  beforeAll(async () => {
    text = await script('zsh');
    writeFileSync(join(dir, '_runbook'), text);
  });

  it('is valid zsh', () => {
    expect(() => execFileSync('zsh', ['-n', join(dir, '_runbook')])).not.toThrow();
  });

  /** Runs the script's _runbook for `words` with compsys stubbed; returns what the stubs printed. */
  function dispatch(...words: string[]): string {
    const program = `
_arguments() { print -r -- "arguments: $*" }
_describe() { print -r -- "describe: \${(P)2}" }
_call_function() { local r=$1; shift; "$@" }
_files() { }
source ${join(dir, '_runbook')} 2>/dev/null
words=(${words.join(' ')}); CURRENT=\${#words}
_runbook`;
    return execFileSync('zsh', ['-f', '-c', program]).toString();
  }

  it('offers the commands, then each command’s options and arguments', () => {
    expect(dispatch('runbook', "''")).toMatch(/^describe: exec:run a runbook.* init:create a project.* completion:/m);
    const exec = dispatch('runbook', 'exec', "''");
    expect(exec).toMatch(/^arguments: -s /m);
    expect(exec).toContain("(-C --check)-C[Ansible's name for --dry-run]");
    expect(exec).toContain("(-C --check)--check[Ansible's name for --dry-run]");
    expect(exec).toContain('*:runbook:_files -g "*.y(a|)ml"');
    expect(dispatch('runbook', 'doc', "''")).toContain(':module:(assert check.capacity');
    expect(dispatch('runbook', 'lab', "''")).toMatch(/^describe: start:start the lab/m);
    expect(dispatch('runbook', 'lab', 'fail', "''")).toMatch(/^arguments: -s .*--inventory/m);
  });
});

describe('runbook completion --runbook-dirs', () => {
  it('prints the project’s runbooks directory, then the shipped one', async () => {
    const result = await runCli(['completion', '--runbook-dirs'], { cwd: join(dir, 'project') });
    expect(result.stdout.split('\n')[0]).toBe(join(dir, 'project', 'runbooks'));
    expect(result.stdout.split('\n')[1]).toMatch(/runbooks$/);
  });

  it('refuses a shell it does not know', async () => {
    const result = await runCli(['completion', 'fish'], { cwd: dir });
    expect(result).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no completion for "fish" (known: bash, zsh)'),
    });
  });
});
