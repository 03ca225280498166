import { execFileSync } from 'node:child_process';
import { renderValue } from '../../../src/template';

/** What a real POSIX shell makes of a command line. */
function shellPrintf(commandLine: string): string {
  return execFileSync('/bin/sh', ['-c', commandLine], { encoding: 'utf8' });
}

const awkwardStrings = [
  'plain',
  '',
  ' ',
  'two words',
  "it's",
  "''",
  '"double"',
  '$HOME',
  '${PATH}',
  '`id`',
  '$(id)',
  'a;rm -rf /tmp/nothing-here',
  'a && b || c',
  'back\\slash',
  'line\nbreak',
  'tab\there',
  '*',
  '~',
  '~root',
  '-n',
  '--flag=value',
  'a|b>c<d',
  'glob[abc]?',
  '#comment',
  'ünïcödé ✓',
  '!history',
  'mixed \'single\' and "double" $and `back`',
  '%s %d',
];

describe('the quote filter', () => {
  it.each(awkwardStrings.map((s) => [s]))('makes %p exactly one shell word with the same value', (value) => {
    const command = renderValue("printf '%s|' {{ value | quote }}", { value }) as string;
    expect(shellPrintf(command)).toBe(`${value}|`);
  });

  it('quotes each item of a list as its own word', () => {
    const command = renderValue("printf '%s|' {{ items | quote }}", { items: ['a b', "c'd", '$e'] }) as string;
    expect(shellPrintf(command)).toBe("a b|c'd|$e|");
  });

  it.each([
    ['safe-word_1.2:3,4/5@host+x', 'safe-word_1.2:3,4/5@host+x'],
    ['two words', "'two words'"],
    ['', "''"],
    ["it's", `'it'"'"'s'`],
    ['a=b', "'a=b'"],
  ])('quotes %p as %s', (value, expected) => {
    expect(renderValue('{{ value | quote }}', { value })).toBe(expected);
  });

  it('quotes numbers and none as words too', () => {
    expect(renderValue('{{ 8 | quote }}', {})).toBe('8');
    expect(renderValue('{{ none | quote }}', {})).toBe("''");
  });
});
