import { parseScript, ShellSyntaxError, type ListItem, type Word } from '../../../../../src/lab/hosts/shell/parse';

/** Literal words of each simple command, with their connectors: a compact picture of a parse. */
function outline(items: ListItem[]): string[] {
  const text = (word: Word): string =>
    word.map((part) => ('literal' in part ? part.literal : 'variable' in part ? `\${${part.variable}}` : '~')).join('');
  return items.map(
    (item) =>
      `${item.connector} ${item.pipeline.isNegated ? '! ' : ''}${item.pipeline.commands.map((command) => command.words.map(text).join(' ')).join(' | ')}`
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
  ])('reads %j', (source, expected) => {
    expect(outline(parseScript(source))).toEqual(expected);
  });

  it('separates redirections from words', () => {
    const [item] = parseScript('cmd arg >/dev/null 2>&1 <in 2>> log &> all');
    const command = item?.pipeline.commands[0];
    expect(command?.words).toEqual([[{ literal: 'cmd' }], [{ literal: 'arg' }]]);
    expect(command?.redirects).toEqual([
      { fd: 1, op: '>', target: [{ literal: '/dev/null' }] },
      { fd: 2, op: '>&', target: 1 },
      { fd: 0, op: '<', target: [{ literal: 'in' }] },
      { fd: 2, op: '>>', target: [{ literal: 'log' }] },
      { fd: 1, op: '>', target: [{ literal: 'all' }] },
      { fd: 2, op: '>&', target: 1 },
    ]);
  });

  it('takes NAME=value before a command as an assignment', () => {
    const [item] = parseScript('LC_ALL=C A="x y" dnf -q');
    expect(item?.pipeline.commands[0]?.assignments).toEqual([
      { name: 'LC_ALL', value: [{ literal: 'C' }] },
      { name: 'A', value: [{ literal: 'x y' }] },
    ]);
  });

  it.each([
    ["echo 'open", 'unterminated single quote'],
    ['echo "open', 'unterminated double quote'],
    ['echo $(id)', 'command substitution ("$(") is not supported by the lab shell'],
    ['echo `id`', 'command substitution ("`") is not supported by the lab shell'],
    ['(cd /tmp)', 'subshells ("(") are not supported by the lab shell'],
    ['sleep 1 &', 'background jobs ("&") are not supported by the lab shell'],
    ['cat <<EOF', 'here-documents ("<<") are not supported by the lab shell'],
    ['a &&', 'nothing after "&&"'],
    ['| b', 'unexpected "|"'],
    ['echo >', 'a redirection needs a file name'],
  ])('rejects %j: %s', (source, message) => {
    expect(() => parseScript(source)).toThrow(new ShellSyntaxError(message));
  });
});
