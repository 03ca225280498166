import { evaluate } from '../../../src/template';

const scope = {
  n: 3,
  f: 2.5,
  s: 'kvm-a1',
  empty: '',
  list: [1, 2, 3],
  none: null,
  host: { name: 'kvm-a1', site: 'primary', address: '127.10.1.11', port: 22 },
  sites: { primary: { storage_domains: ['data-a'] }, secondary: { storage_domains: ['data-b'] } },
  item: { site: 'secondary' },
};

describe('template expressions', () => {
  it.each<[string, unknown]>([
    ['42', 42],
    ['-1.5', -1.5],
    ['1e3', 1000],
    ["'single'", 'single'],
    ['"double"', 'double'],
    ["'it\\'s'", "it's"],
    ["'a\\nb'", 'a\nb'],
    ['true', true],
    ['True', true],
    ['false', false],
    ['False', false],
    ['null', null],
    ['None', null],
    ['none', null],
    ["('a', 'b')", ['a', 'b']],
    ['(1,)', [1]],
    ['(1)', 1],
    ['[1, "two", [3]]', [1, 'two', [3]]],
    ['[]', []],
    ["{'a': 1, 'b': [2]}", { a: 1, b: [2] }],
    ["{'a': {'b': 1}}", { a: { b: 1 } }],
    ['{}', {}],
  ])('reads the literal %s', (expr, expected) => {
    expect(evaluate(expr, {})).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ['n', 3],
    ['host.name', 'kvm-a1'],
    ["host['site']", 'primary'],
    ['list[0]', 1],
    ['list[-1]', 3],
    ['list.1', 2],
    ['list[1:]', [2, 3]],
    ['list[:2]', [1, 2]],
    ['s[0:3]', 'kvm'],
    ['sites[item.site].storage_domains[0]', 'data-b'],
    ['(host)["port"]', 22],
  ])('looks up %s', (expr, expected) => {
    expect(evaluate(expr, scope)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['7 / 2', 3.5],
    ['7 // 2', 3],
    ['-7 // 2', -4],
    ['7 % 3', 1],
    ['-7 % 3', 2],
    ['2 - 3 - 4', -5],
    ['-n + 1', -2],
    ['+n', 3],
    ["'a' + 'b'", 'ab'],
    ['[1] + [2]', [1, 2]],
    ["'ab' * 2", 'abab'],
    ["'n=' ~ n", 'n=3'],
    ["'x' ~ 2 * 3", 'x6'],
    ['(1 + 2) ~ 3', '33'],
    ['n ~ none', '3'],
    ['f * 2', 5],
  ])('computes %s', (expr, expected) => {
    expect(evaluate(expr, scope)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ['n == 3', true],
    ['n != 3', false],
    ['n < 4', true],
    ['n > 4', false],
    ['n <= 3', true],
    ['n >= 4', false],
    ['1 < n < 4', true],
    ['1 < n < 2', false],
    ["'a' < 'b'", true],
    ['[1, 2] == [1, 2]', true],
    ["{'a': 1} == {'a': 1}", true],
    ['2 in list', true],
    ['5 not in list', true],
    ["'kvm' in s", true],
    ["'site' in host", true],
    ["'nope' not in host", true],
    ['none == none', true],
    ['not empty', true],
    ['not not n', true],
    ['true and n', 3],
    ['0 and n', 0],
    ['empty or "fallback"', 'fallback'],
    ['n or missing_is_not_evaluated', 3],
    ['empty and missing_is_not_evaluated', ''],
    ["host.site == 'primary' and 8 or 2", 8],
    ["item.site == 'primary' and 8 or 2", 2],
    ["'yes' if n > 2 else 'no'", 'yes'],
    ["'yes' if n > 5 else 'no'", 'no'],
    ["'yes' if n > 5", null],
    ["'a' if n == 1 else 'b' if n == 3 else 'c'", 'b'],
    ['not n == 3', false],
    ['n == 3 and list | length == 3', true],
  ])('decides %s', (expr, expected) => {
    expect(evaluate(expr, scope)).toEqual(expected);
  });

  it.each([
    ['{{ n > 2 }}', true],
    ['  {{ n > 2 }}  ', true],
    ['n > 2', true],
  ])('evaluates %p bare or wrapped in braces', (expr, expected) => {
    expect(evaluate(expr, scope)).toBe(expected);
  });

  it.each<[string, unknown]>([
    ['range(3)', [0, 1, 2]],
    ['range(1, 4)', [1, 2, 3]],
    ['range(10, 0, -4)', [10, 6, 2]],
  ])('calls %s', (expr, expected) => {
    expect(evaluate(expr, {})).toEqual(expected);
  });

  it.each<[string, boolean]>([
    ['n is defined', true],
    ['nope is defined', false],
    ['nope is undefined', true],
    ['host.nope is not defined', true],
    ['host.nope.deeper is defined', false],
    ['list[7] is defined', false],
    ['none is none', true],
    ['n is not none', true],
    ['s is string', true],
    ['n is string', false],
    ['n is number', true],
    ['f is number', true],
    ['n is integer', true],
    ['f is float', true],
    ['host is mapping', true],
    ['list is sequence', true],
    ['n is odd', true],
    ['n is divisibleby 3', true],
    ['n is divisibleby(2)', false],
    ['n is equalto 3', true],
    ['not nope is defined', true],
  ])('tests %s', (expr, expected) => {
    expect(evaluate(expr, scope)).toBe(expected);
  });

  it('never reaches JavaScript prototypes through attribute access', () => {
    for (const expr of ['host.constructor', 'host.__proto__', "host['constructor']", 'list.length', 's.length']) {
      expect(() => evaluate(expr, scope)).toThrow(/undefined/);
    }
    expect(evaluate('host.toString is defined', scope)).toBe(false);
  });
});
