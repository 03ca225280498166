import { describeAlternatives, suggestName } from '../../../src/shared/suggest';

describe('suggestName', () => {
  it.each<[string, string | undefined]>([
    ['ssh.comand', 'ssh.command'],
    ['olvm.hots', 'olvm.host'],
    ['primay', 'primary'],
    ['xyz', undefined],
  ])('suggests a close name for %p', (name, expected) => {
    expect(suggestName(name, ['ssh.command', 'olvm.host', 'primary', 'secondary'])).toBe(expected);
  });

  it('lists the known names when nothing is close', () => {
    expect(describeAlternatives('zzz', ['a', 'b'])).toBe(' (known: a, b)');
    expect(describeAlternatives('aa', ['ab'])).toBe(' (did you mean ab?)');
  });
});
