import {
  parseScript,
  ShellSyntaxError,
  type Command,
  type ListItem,
  type SimpleCommand,
  type Word,
} from '../../../../../src/lab/hosts/shell/parse';

const text = (word: Word): string =>
  word
    .map((part) => {
      if ('literal' in part) return part.literal;
      if ('variable' in part) return `\${${part.variable}}`;
      if ('substitution' in part) return `$(${outline(part.substitution).join(' ')})`;
      return '~';
    })
    .join('');

function describeCommand(command: Command): string {
  if (command.kind === 'simple') return command.words.map(text).join(' ');
  if (command.kind === 'group')
    return `${command.isSubshell ? '(' : '{'} ${outline(command.body).join(' ')} ${command.isSubshell ? ')' : '}'}`;
  const branches = command.branches.map(
    (branch) => `[${outline(branch.condition).join(' ')}] then [${outline(branch.body).join(' ')}]`
  );
  return `if ${branches.join(' elif ')}${command.otherwise ? ` else [${outline(command.otherwise).join(' ')}]` : ''} fi`;
}

function simple(items: ListItem[]): SimpleCommand {
  const command = items[0]?.pipeline.commands[0];
  if (command?.kind !== 'simple') throw new Error('not a simple command');
  return command;
}

/** Each pipeline with its connector: a compact picture of a parse. */
function outline(items: ListItem[]): string[] {
  return items.map(
    (item) =>
      `${item.connector} ${item.pipeline.isNegated ? '! ' : ''}${item.pipeline.commands.map(describeCommand).join(' | ')}`
  );
}

describe('the lab shell parser', () => {
  it.each([
    ['rpm -q vdsm', ['; rpm -q vdsm']],
    ['echo \'a  b\' "c $HOME" d\\ e', ['; echo a  b c ${HOME} d e']],
    ['a && b || c; d', ['; a', '&& b', '|| c', '; d']],
    ['a\nb\n\n# comment\nc # trailing', ['; a', '; b', '; c']],
    ['! test -e /x', ['; ! test -e /x']],
    ['rpm -qa | grep vdsm | wc -l', ['; rpm -qa | grep vdsm | wc -l']],
    ["sudo -S -p '' -- sh -c 'dnf install -y vdsm'", ['; sudo -S -p  -- sh -c dnf install -y vdsm']],
    ['echo ~ ~/x a~b', ['; echo ~ ~/x a~b']],
    ['echo "$?" ${USER}x', ['; echo ${?} ${USER}x']],
    ['echo ""', ['; echo ']],
    ['t=$(mktemp "$(dirname /etc/x)/.r.XXXXXX")', ['; ']],
    ['echo $(hostname -s)-`id -u` "$(echo "a b")"', ['; echo $(; hostname -s)-$(; id -u) $(; echo a b)']],
    [
      'if [ -f /x ]; then cat /x; elif [ -e /x ]; then echo dir; else echo missing; fi',
      ['; if [; [ -f /x ]] then [; cat /x] elif [; [ -e /x ]] then [; echo dir] else [; echo missing] fi'],
    ],
    ['if true\nthen\n  echo y\nfi', ['; if [; true] then [; echo y] fi']],
    ['{ test -e /x && echo creates; }; { a; }; true', ['; { ; test -e /x && echo creates }', '; { ; a }', '; true']],
    ['(false) >/dev/null 2>&1 && echo unless', ['; ( ; false )', '&& echo unless']],
    ['echo if then fi', ['; echo if then fi']],
  ])('reads %j', (source, expected) => {
    expect(outline(parseScript(source))).toEqual(expected);
  });

  it('separates redirections from words', () => {
    const command = simple(parseScript('cmd arg >/dev/null 2>&1 <in 2>> log &> all'));
    expect(command.words).toEqual([[{ literal: 'cmd' }], [{ literal: 'arg' }]]);
    expect(command.redirects).toEqual([
      { fd: 1, op: '>', target: [{ literal: '/dev/null' }] },
      { fd: 2, op: '>&', target: 1 },
      { fd: 0, op: '<', target: [{ literal: 'in' }] },
      { fd: 2, op: '>>', target: [{ literal: 'log' }] },
      { fd: 1, op: '>', target: [{ literal: 'all' }] },
      { fd: 2, op: '>&', target: 1 },
    ]);
  });

  it('takes NAME=value before a command as an assignment', () => {
    expect(simple(parseScript('LC_ALL=C A="x y" dnf -q')).assignments).toEqual([
      { name: 'LC_ALL', value: [{ literal: 'C' }] },
      { name: 'A', value: [{ literal: 'x y', isQuoted: true }] },
    ]);
  });

  it.each([
    ["echo 'open", 'unterminated single quote'],
    ['echo "open', 'unterminated double quote'],
    ['echo $(id', 'unterminated command substitution ("$(")'],
    ['echo `id', 'unterminated backquote'],
    ['for x in a b; do echo $x; done', '"for" is not supported by the lab shell'],
    ['while true; do :; done', '"while" is not supported by the lab shell'],
    ['if true; then echo', 'expected "elif" or "else" or "fi", found the end'],
    ['if true; fi', 'unexpected "fi"'],
    ['if true then echo; fi', 'unexpected "fi"'],
    ['{ echo x', '"{" without "}"'],
    ['(echo x', '"(" without ")"'],
    ['echo x)', 'unexpected ")"'],
    ['sleep 1 &', 'background jobs ("&") are not supported by the lab shell'],
    ['cat <<EOF', 'here-documents ("<<") are not supported by the lab shell'],
    ['a &&', 'nothing after "&&"'],
    ['| b', 'unexpected "|"'],
    ['echo >', 'a redirection needs a file name'],
  ])('rejects %j: %s', (source, message) => {
    expect(() => parseScript(source)).toThrow(new ShellSyntaxError(message));
  });
});
