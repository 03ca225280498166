/**
 * Ansible's filters and tests, against Ansible's own results: every expected value below is what ansible-core
 * 2.14 (Jinja2 3.1, Debian's `ansible` package) returned for the same expression through its templar, collected
 * by hand once (the tests never run Ansible). One deliberate difference, documented in docs/runbook-format.md: a
 * template that is exactly one `{{ }}` keeps its type here (`5`, `null`), where Ansible 2.14 returned text.
 */
import { evaluate } from '../../../src/template';

const scope = { x: 5, vms: [1, 2, 3] };

describe("Ansible filters and tests give Ansible's results", () => {
  it.each<[string, unknown]>([
    ["'ansible' | regex_replace('^a.*i(.*)$', 'a\\1')", 'able'],
    ["'foobar' | regex_replace('^f.*o(.*)$', '\\1')", 'bar'],
    ["'localhost:80' | regex_replace('^(?P<host>.+):(?P<port>\\d+)$', '\\g<host>, \\g<port>')", 'localhost, 80'],
    ["'localhost:80' | regex_replace(':80')", 'localhost'],
    ["'ABC abc' | regex_replace('abc', 'x', ignorecase=True)", 'x x'],
    ["'a\nb\nc' | regex_replace('^', '# ', multiline=True)", '# a\n# b\n# c'],
    ["'server1/database42' | regex_search('database[0-9]+')", 'database42'],
    ["'foo' | regex_search('bar')", null],
    ["'foo' | regex_search('bar') is none", true],
    ["'ansible' | regex_search('a(n)(s)', '\\1', '\\2')", ['n', 's']],
    [
      "'server1/database42' | regex_search('server(?P<n>[0-9]+)/database(?P<d>[0-9]+)', '\\g<d>', '\\g<n>')",
      ['42', '1'],
    ],
    ["'foo\nBAR' | regex_search('^bar', multiline=True, ignorecase=True)", 'BAR'],
    [
      "'Some DNS servers are 8.8.8.8 and 8.8.4.4' | regex_findall('\\b(?:[0-9]{1,3}\\.){3}[0-9]{1,3}\\b')",
      ['8.8.8.8', '8.8.4.4'],
    ],
    ["'^f.*o(.*)$' | regex_escape()", '\\^f\\.\\*o\\(\\.\\*\\)\\$'],
    ["{'a': 1, 'b': 2} | combine({'b': 3, 'c': 4})", { a: 1, b: 3, c: 4 }],
    [
      "{'a': {'x': 1, 'y': 2}, 'l': [1]} | combine({'a': {'y': 3, 'z': 4}, 'l': [2]}, recursive=True)",
      { a: { x: 1, y: 3, z: 4 }, l: [2] },
    ],
    ["{'a': {'x': 1}} | combine({'a': {'y': 3}})", { a: { y: 3 } }],
    ["{'l': [1, 2]} | combine({'l': [2, 3]}, list_merge='append')", { l: [1, 2, 2, 3] }],
    ["{'l': [1, 2]} | combine({'l': [2, 3]}, list_merge='append_rp')", { l: [1, 2, 3] }],
    ["{'l': [1, 2]} | combine({'l': [2, 3]}, list_merge='prepend')", { l: [2, 3, 1, 2] }],
    ["{'l': [1, 2]} | combine({'l': [2, 3]}, list_merge='prepend_rp')", { l: [2, 3, 1] }],
    ["{'l': [1, 2]} | combine({'l': [2, 3]}, list_merge='keep')", { l: [1, 2] }],
    ["{'a': 1} | combine({'b': 2}, {'a': 3})", { a: 3, b: 2 }],
    ["[{'a': 1}, {'b': 2}] | combine", { a: 1, b: 2 }],
    ["(1 == 1) | ternary('yes', 'no')", 'yes'],
    ["(1 == 2) | ternary('yes', 'no')", 'no'],
    ["none | ternary('yes', 'no', 'null')", 'null'],
    ["none | ternary('yes', 'no')", 'no'],
    ["'' | ternary('yes', 'no')", 'no'],
    ['x | mandatory', 5],
    [
      "{'b': [1, 2], 'a': 'x', 'c': {'d': true, 'e': none}} | to_nice_json",
      '{\n    "a": "x",\n    "b": [\n        1,\n        2\n    ],\n    "c": {\n        "d": true,\n        "e": null\n    }\n}',
    ],
    ["{'b': 1, 'a': 'é'} | to_nice_json(indent=2)", '{\n  "a": "\\u00e9",\n  "b": 1\n}'],
    ['[] | to_nice_json', '[]'],
    ['{} | to_nice_json', '{}'],
    ["{'b': 1, 'a': [1, 'x']} | to_json", '{"b": 1, "a": [1, "x"]}'],
    [
      "{'b': 1, 'a': [1, 2], 'c': {'d': 'x y', 'e': [{'f': 1}]}} | to_yaml",
      'a: [1, 2]\nb: 1\nc:\n  d: x y\n  e:\n  - {f: 1}\n',
    ],
    [
      "{'name': 'db-1', 'tags': ['a', 'b'], 'empty': '', 'yes': 'yes', 'n': '8', 'none': none, 't': true} | to_yaml",
      "empty: ''\nn: '8'\nname: db-1\nnone: null\nt: true\ntags: [a, b]\n'yes': 'yes'\n",
    ],
    ["['a', {'b': 1}] | to_yaml", '- a\n- {b: 1}\n'],
    ["'hello' | to_yaml", 'hello\n'],
    [
      "{'b': 1, 'a': [1, 2], 'c': {'d': 'x y', 'e': [{'f': 1, 'g': 2}]}} | to_nice_yaml",
      'a:\n- 1\n- 2\nb: 1\nc:\n    d: x y\n    e:\n    -   f: 1\n        g: 2\n',
    ],
    ["{'b': 1, 'a': [1, 2]} | to_nice_yaml(indent=2)", 'a:\n- 1\n- 2\nb: 1\n'],
    ['(\'{"a": [1, 2], "b": null}\' | from_json).a', [1, 2]],
    ["('a: 1\nb: [x, y]\n' | from_yaml).b", ['x', 'y']],
    ["('a: yes' | from_yaml).a", true],
    ["'hello wörld' | b64encode", 'aGVsbG8gd8O2cmxk'],
    ["'aGVsbG8gd8O2cmxk' | b64decode", 'hello wörld'],
    ["[1, [2, [3, [4]]], none, 'None'] | flatten", [1, 2, 3, 4]],
    ['[1, [2, [3, [4]]]] | flatten(levels=1)', [1, 2, [3, [4]]]],
    ['[1, [2, none]] | flatten(skip_nulls=False)', [1, 2, null]],
    [
      "[1, 2, 3] | zip(['a', 'b', 'c']) | list",
      [
        [1, 'a'],
        [2, 'b'],
        [3, 'c'],
      ],
    ],
    [
      "[1, 2, 3] | zip(['a', 'b']) | list",
      [
        [1, 'a'],
        [2, 'b'],
      ],
    ],
    [
      "[1, 2] | zip(['a', 'b'], ['x', 'y']) | list",
      [
        [1, 'a', 'x'],
        [2, 'b', 'y'],
      ],
    ],
    [
      "[1, 2, 3] | zip_longest(['a'], fillvalue='-') | list",
      [
        [1, 'a'],
        [2, '-'],
        [3, '-'],
      ],
    ],
    ['[1, 2, 5, 1, 3, 4, 10] | difference([1, 2, 3, 4, 5, 11, 99])', [10]],
    ['[1, 2, 5, 3, 4, 10] | intersect([1, 2, 3, 4, 5, 11, 99])', [1, 2, 5, 3, 4]],
    ['[1, 2, 5, 1, 3, 4, 10] | union([1, 2, 3, 4, 5, 11, 99])', [1, 2, 5, 3, 4, 10, 11, 99]],
    ['[1, 2, 5, 1, 3, 4, 10] | symmetric_difference([1, 2, 3, 4, 5, 11, 99])', [10, 11, 99]],
    ["'/etc/asdf/foo.txt' | basename", 'foo.txt'],
    ["'/etc/asdf/' | basename", ''],
    ["'foo.txt' | basename", 'foo.txt'],
    ["'/etc/asdf/foo.txt' | dirname", '/etc/asdf'],
    ["'test1' | hash('sha1')", 'b444ac06613fc8d63795be9ad0beaf55011936ac'],
    ["'test1' | hash('md5')", '5a105e8b9d40e1329780d62ea2265d8a'],
    ["'test1' | hash('sha256')", '1b4f0e9851971998e732078544c96b36c3d01cedf7caa332359d6f1d83567014'],
    [
      "'test1' | hash('sha512')",
      'b16ed7d24b3ecbd4164dcdad374e08c0ab7518aa07f9d3683f34c2b3c67a15830268cb4a56c1ff6f54c8e54a795f5b87c08668b51f82d0093f7baee7d2981181',
    ],
    ["'test1' | hash", 'b444ac06613fc8d63795be9ad0beaf55011936ac'],
    ["[1, 2, 3, 4, 5] | select('odd') | list", [1, 3, 5]],
    ["[1, 2, 3, 4, 5] | reject('odd') | list", [2, 4]],
    ["[1, 0, '', 'a', none] | select | list", [1, 'a']],
    ["[1, 2, 3] | select('>', 1) | list", [2, 3]],
    ["['a1', 'b2', 'a3'] | select('match', 'a') | list", ['a1', 'a3']],
    ["['a1', 'b2', 'a3'] | reject('search', '3') | list", ['a1', 'b2']],
    ["[1, 2, 3] | select('in', [2, 3]) | list", [2, 3]],
    ['[1, 2, 3] | reverse | list', [3, 2, 1]],
    ["'abc' | reverse", 'cba'],
    ["'a\nb\n\nc' | indent", 'a\n    b\n\n    c'],
    ["'a\nb\n\nc' | indent(2, true)", '  a\n  b\n\n  c'],
    ["'a\nb\n\nc' | indent(2, first=true, blank=true)", '  a\n  b\n  \n  c'],
    ["'a\nb\n' | indent(3)", 'a\n   b\n'],
    ["'a\nb' | indent('> ')", 'a\n> b'],
    ["'foo bar' is match('foo')", true],
    ["'foo bar' is match('bar')", false],
    ["'foo bar' is search('bar')", true],
    ["'FOO' is search('foo', ignorecase=true)", true],
    ["'a\nfoo' is match('^foo', multiline=true)", false],
    ["'a\nfoo' is search('^foo', multiline=true)", true],
    ["'1.2.3' is version('1.2.0', '>=')", true],
    ["'1.10' is version('1.9', '>')", true],
    ["'1.0' is version('1.0.0', '==')", false],
    ["'1.0' is version('1.0.0', '<')", true],
    ["'4.5.6-1.el8' is version('4.5.6', 'gt')", true],
    ["'2.0' is version('2.0', 'eq')", true],
    ["'2.0' is version('2.0')", true],
    ["'1.2.3' is version('1.2.10', 'lt')", true],
    ["'1.0.0-rc.1' is version('1.0.0', 'lt', version_type='semver')", true],
    ["'1.2.3' is version('1.2.3', 'ne', version_type='semver')", false],
    ["'4.4.10' is version('4.4.9', '>', strict=true)", true],
    ["'abc\n' | regex_replace('c$', 'X')", 'abX\n'],
    ["'ABC' | regex_replace('(?i)b', 'x')", 'AxC'],
    ["'abcabc' | regex_replace('\\Aabc', 'X')", 'Xabc'],
    ["'abcabc' | regex_replace('abc\\Z', 'X')", 'abcX'],
    ["'aa-bb' | regex_replace('(?P<x>[a-z])(?P=x)', '<\\g<x>>')", '<a>-<b>'],
    ["'a[b]c' | regex_replace('[][]', '')", 'abc'],
    ["'key = value' | regex_findall('(\\w+) = (\\w+)')", [['key', 'value']]],
    ["'x1y22' | regex_findall('\\d+')", ['1', '22']],
    ["'kvm-a1' is match('kvm-[ab]\\d$')", true],
    ["['kvm-a1', 'kvm-b1', 'engine'] | select('match', 'kvm-a') | list", ['kvm-a1']],
    ["'8.8.8.8' is regex('^\\d+(\\.\\d+){3}$')", true],
    ["'Hello' | regex_replace('l+', '\\n')", 'He\no'],
    // The examples of docs/runbook-format.md
    [
      "{'a': {'x': 1}, 'l': [1, 2]} | combine({'a': {'y': 3}, 'l': [2, 3]}, recursive=true, list_merge='append_rp')",
      { a: { x: 1, y: 3 }, l: [1, 2, 3] },
    ],
    ["(vms | length > 10) | ternary('big', 'small')", 'small'],
    ["'8.8.8.8 and 8.8.4.4' | regex_findall('\\b(?:[0-9]{1,3}\\.){3}[0-9]{1,3}\\b')", ['8.8.8.8', '8.8.4.4']],
    ["'a\nb' | regex_replace('^', '# ', multiline=true)", '# a\n# b'],
    ['[1, [2, [3, [4]]], none] | flatten', [1, 2, 3, 4]],
    ["'^f.*o(.*)$' | regex_escape", '\\^f\\.\\*o\\(\\.\\*\\)\\$'],
    ["{'b': [1, 2], 'a': 'x'} | to_nice_json(indent=2)", '{\n  "a": "x",\n  "b": [\n    1,\n    2\n  ]\n}'],
    ["{'b': 1, 'a': [1, 2], 'c': {'e': [{'f': 1}]}} | to_yaml", 'a: [1, 2]\nb: 1\nc:\n  e:\n  - {f: 1}\n'],
    ["'1.0.0-rc.1' is version('1.0.0', 'lt', version_type='semver')", true],
    ["'a\nb\n\nc' | indent(2, true)", '  a\n  b\n\n  c'],
  ])('%s', (expression, expected) => {
    expect(evaluate(expression, scope)).toEqual(expected);
  });

  it('replaces at most count matches (count is documented from Ansible 2.17 on)', () => {
    expect(evaluate("'aaa' | regex_replace('a', 'b', count=2)", {})).toBe('bba');
  });

  it.each<[string, RegExp]>([
    ['nope | mandatory', /mandatory variable "nope" is not defined/],
    ["nope | mandatory('set nope with -e nope=…')", /^set nope with -e nope=… in {{ nope/],
    ["'1.0a' is version('1.0.1', '<')", /version comparison failed: cannot order str and int parts/],
    ["'2' is version('1', 'foo')", /invalid version operator "foo"/],
    ["'1.2' is version('1.2.0', version_type='semver')", /invalid semantic version "1.2"/],
    ["'1.2' is version('1.2.0', version_type='pep440')", /version_type "pep440" is not supported/],
    ["'x' | hash('crc32')", /hash: unknown algorithm "crc32"/],
    ["'a: [' | from_yaml", /from_yaml: cannot read the text/],
    ["'{' | from_json", /from_json: cannot read the text/],
    ["{'a': 1} | combine([1])", /combine expects dicts, got number/],
    ["{'a': 1} | combine({}, list_merge='merge')", /list_merge must be one of/],
    ["'x' | regex_replace('(')", /regex_replace: invalid regular expression/],
    ["'x' | regex_search('x', 'one')", /"one" is not a group reference/],
    ["'x' | regex_replace('(?x) x', 'y')", /the verbose flag \(\?x\) is not supported/],
  ])('refuses %s with a clear message', (expression, message) => {
    expect(() => evaluate(expression, {})).toThrow(message);
  });
});
