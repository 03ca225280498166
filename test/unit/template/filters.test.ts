import { evaluate } from '../../../src/template';

const vms = [
  { name: 'db-1', site: 'primary', memory: '8GiB', priority: 50 },
  { name: 'web-1', site: 'secondary', memory: '2GiB', priority: 10 },
  { name: 'app-1', site: 'primary', memory: '512MiB', priority: 30, lease: 'data-a' },
];
const scope = { vms, words: ['b', 'a', 'c', 'a'], nums: [3, 1, 2], text: '  Hello World  ', dict: { x: 1, y: 2 } };

describe('template filters', () => {
  it.each<[string, unknown]>([
    ["nope | default('fallback')", 'fallback'],
    ["nope | d('fallback')", 'fallback'],
    ["vms[0].nope | default('x')", 'x'],
    ["vms[9].name | default('x')", 'x'],
    ['vms[0].name | default("x")', 'db-1'],
    ["'' | default('x')", ''],
    ["'' | default('x', true)", 'x'],
    ['nope | default', ''],
    ['words | length', 4],
    ['text | length', 15],
    ['dict | length', 2],
    ['dict | count', 2],
    ["words | join(',')", 'b,a,c,a'],
    ['words | join', 'baca'],
    ["vms | join(' ', attribute='name')", 'db-1 web-1 app-1'],
    ["'42' | int", 42],
    ["'4.7' | int", 4],
    ["'x' | int(7)", 7],
    ['4.7 | int', 4],
    ["'2.5' | float", 2.5],
    ['3 | string', '3'],
    ['true | string', 'true'],
    ["'yes' | bool", true],
    ["'off' | bool", false],
    ['1 | bool', true],
    ["'ABC' | lower", 'abc'],
    ["'abc' | upper", 'ABC'],
    ['text | trim', 'Hello World'],
    ["'a-b-c' | replace('-', '+')", 'a+b+c'],
    ["'a b  c' | split", ['a', 'b', 'c']],
    ["'a,b' | split(',')", ['a', 'b']],
    ['dict | tojson', '{"x":1,"y":2}'],
    ["'x' | tojson", '"x"'],
    ['words | first', 'b'],
    ['words | last', 'a'],
    ["'abc' | first", 'a'],
    ['dict | keys', ['x', 'y']],
    ['dict | values', [1, 2]],
    ["vms | map(attribute='name')", ['db-1', 'web-1', 'app-1']],
    ["vms | map(attribute='lease', default='none') | list", ['none', 'none', 'data-a']],
    ["words | map('upper')", ['B', 'A', 'C', 'A']],
    ["vms | selectattr('site', 'equalto', 'primary') | map(attribute='name')", ['db-1', 'app-1']],
    ["vms | selectattr('site', '==', 'secondary') | map(attribute='name')", ['web-1']],
    ["vms | selectattr('lease', 'defined') | map(attribute='name')", ['app-1']],
    ["vms | selectattr('lease') | map(attribute='name')", ['app-1']],
    ["vms | rejectattr('site', 'equalto', 'primary') | map(attribute='name')", ['web-1']],
    ["vms | rejectattr('lease', 'defined') | map(attribute='name')", ['db-1', 'web-1']],
    ["vms | selectattr('priority', '>', 20) | map(attribute='name')", ['db-1', 'app-1']],
    ['words | unique', ['b', 'a', 'c']],
    ['words | sort', ['a', 'a', 'b', 'c']],
    ['nums | sort(reverse=true)', [3, 2, 1]],
    ["vms | sort(attribute='priority') | map(attribute='name')", ['web-1', 'app-1', 'db-1']],
    ['nums | min', 1],
    ['nums | max', 3],
    ["(vms | max(attribute='priority')).name", 'db-1'],
    ['nums | sum', 6],
    ["vms | sum(attribute='priority')", 90],
    [
      'dict | dict2items',
      [
        { key: 'x', value: 1 },
        { key: 'y', value: 2 },
      ],
    ],
    ['dict | dict2items | items2dict', { x: 1, y: 2 }],
    ["'8GiB' | bytes", 8 * 1024 ** 3],
    ["'512MiB' | bytes", 512 * 1024 ** 2],
    ["'2G' | bytes", 2 * 1024 ** 3],
    ["'1GB' | bytes", 1e9],
    ['4096 | bytes', 4096],
    ["vms | map(attribute='memory') | map('bytes') | sum", 8 * 1024 ** 3 + 2 * 1024 ** 3 + 512 * 1024 ** 2],
    ['-3 | abs', 3],
    ['2.567 | round(1)', 2.6],
    ["'safe-word' | quote", 'safe-word'],
    ['"it\'s" | quote', `'it'"'"'s'`],
    ["['a b', 'c'] | quote", `'a b' c`],
    ['dict.x | string | length', 1],
  ])('evaluates %s', (expr, expected) => {
    expect(evaluate(expr, scope)).toEqual(expected);
  });

  it.each<[string, RegExp]>([
    ["'abc' | int", /cannot convert string "abc" to int/],
    ["'maybe' | bool", /cannot convert string "maybe" to bool/],
    ["'8 gigs' | bytes", /cannot read "8 gigs" as a size/],
    ['[] | first', /first of an empty list/],
    ['[] | max', /max of an empty list/],
    ["[1, 'a'] | sort", /cannot compare (number with string|string with number)/],
    ['[1, 2] | join(3)', /join: argument "d" must be a string, got number/],
    ["vms | map(attribute='nope')", /an item has no attribute "nope"/],
    ['words | keys', /keys expects a dict, got list/],
    ['5 | length', /length expects a string, list or dict, got number/],
    ['words | frobnicate', /unknown filter "frobnicate"/],
    ['words | lenght', /unknown filter "lenght" \(did you mean length\?\)/],
  ])('rejects %s with a clear message', (expr, message) => {
    expect(() => evaluate(expr, scope)).toThrow(message);
  });

  it('lets default() catch the missing value of first() on an empty list', () => {
    expect(evaluate("[] | first | default('none')", {})).toBe('none');
  });
});
