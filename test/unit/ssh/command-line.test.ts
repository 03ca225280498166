import { execFileSync, spawnSync } from 'node:child_process';
import { assertBecameRoot, becomeStdin, wrapInSudo } from '../../../src/ssh/become';
import { LineSplitter } from '../../../src/ssh/lines';
import { PidMarkerFilter, withPidMarker } from '../../../src/ssh/pid-marker';
import { quoteShellWord, toShellCommand } from '../../../src/ssh/quote';

describe('building remote command lines', () => {
  it.each([['plain'], ['a b'], ["it's"], ['$HOME'], ['`x`'], [''], ['a\nb'], ['*']])(
    'quotes %p so that sh gives it back unchanged',
    (word) => {
      expect(execFileSync('sh', ['-c', `printf %s ${quoteShellWord(word)}`]).toString()).toBe(word);
    }
  );

  it('keeps a shell string as written and quotes an argv array', () => {
    expect(toShellCommand('echo $HOME | wc')).toBe('echo $HOME | wc');
    expect(toShellCommand(['echo', 'a b'])).toBe("echo 'a b'");
  });

  it('wraps a command in sudo reading the password from stdin, or failing fast without one', () => {
    expect(wrapInSudo("echo 'x'", true)).toBe(`sudo -k -S -p '' -- sh -c 'echo '\\''x'\\'''`);
    expect(wrapInSudo('id', false)).toBe('sudo -n -- sh -c id');
    expect(becomeStdin('pw', Buffer.from('data'))?.toString()).toBe('pw\ndata');
  });

  it.each([
    ['sudo: 1 incorrect password attempt\n', 1, true],
    ['sudo: a password is required\n', 1, true],
    ['sh: 1: sudo: not found\n', 127, true],
    ['grep: no match\n', 1, false],
  ])('tells sudo refusing (%p, exit %i) from the command failing', (stderr, exitCode, isRefusal) => {
    const check = () => assertBecameRoot({ exitCode, stderr: Buffer.from(stderr) }, 'h', 'cmd');
    if (isRefusal) expect(check).toThrow(expect.objectContaining({ code: 'SSH_BECOME_FAILED' }));
    else expect(check).not.toThrow();
  });

  it('announces the pid in a marker that the filter strips from stderr, even split across chunks', () => {
    const out = spawnSync('sh', ['-c', withPidMarker('echo err >&2')]).stderr;
    const passed: Buffer[] = [];
    const filter = new PidMarkerFilter((chunk) => passed.push(chunk));
    for (let i = 0; i < out.length; i += 3) filter.push(out.subarray(i, i + 3));
    filter.flush();
    expect(filter.pid).toBeGreaterThan(0);
    expect(Buffer.concat(passed).toString()).toBe('err\n');
  });

  it('splits chunks into lines, holding a partial line and a split UTF-8 character', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    const bytes = Buffer.from('one\r\ntwo é\nthr');
    splitter.push(bytes.subarray(0, 10));
    splitter.push(bytes.subarray(10));
    splitter.flush();
    expect(lines).toEqual(['one', 'two é', 'thr']);
  });
});
