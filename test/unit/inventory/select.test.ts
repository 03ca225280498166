import { checkSelector, resolveTargets, SelectorError } from '../../../src/inventory/select';
import { makeHost, makeInventory } from '../../helpers/inventory';

const inventory = makeInventory({
  hosts: {
    'kvm-a1': makeHost('kvm-a1', 'primary'),
    'kvm-a2': makeHost('kvm-a2', 'primary'),
    'kvm-b1': makeHost('kvm-b1', 'secondary'),
    'kvm-b2': makeHost('kvm-b2', 'secondary'),
    engine: makeHost('engine', undefined),
  },
  groups: { kvm: ['kvm-a1', 'kvm-a2', 'kvm-b1', 'kvm-b2'], firsts: ['kvm-a1', 'kvm-b1'], empty: [] },
});
inventory.sites.primary.name = 'site-a';
inventory.sites.secondary.name = 'site-b';

function names(selector: string, limit?: string): string[] {
  return resolveTargets(selector, inventory, limit).map((h) => h.name);
}

describe('resolveTargets', () => {
  it.each<[string, string[]]>([
    ['all', ['kvm-a1', 'kvm-a2', 'kvm-b1', 'kvm-b2', 'engine']],
    ['engine', ['engine']],
    ['site:primary', ['kvm-a1', 'kvm-a2']],
    ['site:secondary', ['kvm-b1', 'kvm-b2']],
    ['site:site-b', ['kvm-b1', 'kvm-b2']],
    ['site:primary, site:secondary', ['kvm-a1', 'kvm-a2', 'kvm-b1', 'kvm-b2']],
    ['site:secondary,site:primary', ['kvm-a1', 'kvm-a2', 'kvm-b1', 'kvm-b2']],
    ['group:kvm', ['kvm-a1', 'kvm-a2', 'kvm-b1', 'kvm-b2']],
    ['group:empty', []],
    ['kvm-b2, kvm-a1', ['kvm-a1', 'kvm-b2']],
    ['kvm-a1, kvm-a1, group:firsts', ['kvm-a1', 'kvm-b1']],
    ['kvm-a*', ['kvm-a1', 'kvm-a2']],
    ['kvm-?1', ['kvm-a1', 'kvm-b1']],
    ['kvm-[ab]2', ['kvm-a2', 'kvm-b2']],
    ['group:kvm, !kvm-a2', ['kvm-a1', 'kvm-b1', 'kvm-b2']],
    ['all, !site:primary', ['kvm-b1', 'kvm-b2', 'engine']],
    ['!engine', ['kvm-a1', 'kvm-a2', 'kvm-b1', 'kvm-b2']],
    ['group:kvm, &site:secondary', ['kvm-b1', 'kvm-b2']],
    ['group:firsts, &site:primary', ['kvm-a1']],
    ['site:primary, &site:secondary', []],
  ])('resolves %p', (selector, expected) => {
    expect(names(selector)).toEqual(expected);
  });

  it.each<[string, string, string[]]>([
    ['all', 'site:primary', ['kvm-a1', 'kvm-a2']],
    ['group:kvm', 'kvm-b*', ['kvm-b1', 'kvm-b2']],
    ['site:primary', 'site:secondary', []],
    ['all', '!engine', ['kvm-a1', 'kvm-a2', 'kvm-b1', 'kvm-b2']],
    // Ansible's patterns: colons separate terms
    ['all', 'all:!kvm-a1', ['kvm-a2', 'kvm-b1', 'kvm-b2', 'engine']],
    ['all', 'site:primary:site:secondary', ['kvm-a1', 'kvm-a2', 'kvm-b1', 'kvm-b2']],
    ['all', 'group:kvm:&site:secondary:!kvm-b2', ['kvm-b1']],
    ['all', 'kvm-a1:engine', ['kvm-a1', 'engine']],
  ])('narrows %p with --limit %p', (selector, limit, expected) => {
    expect(names(selector, limit)).toEqual(expected);
  });

  it('returns the inventory host entries themselves', () => {
    expect(resolveTargets('kvm-a1', inventory)[0]).toBe(inventory.hosts['kvm-a1']);
  });

  it('throws a SelectorError naming every problem', () => {
    let error: unknown;
    try {
      resolveTargets('site:primay, group:nope, kvm-a9', inventory);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SelectorError);
    expect((error as SelectorError).problems).toEqual([
      'no site "primay" in inventory (known: primary, secondary)',
      'no group "nope" in inventory (known: kvm, firsts, empty)',
      'no host "kvm-a9" in inventory (did you mean kvm-a1?)',
    ]);
    expect((error as SelectorError).exitCode).toBe(3);
  });

  it('rejects a bad --limit', () => {
    expect(() => resolveTargets('all', inventory, 'site:third')).toThrow(
      'bad target selector "site:third": no site "third" in inventory (known: primary, secondary)'
    );
  });
});

describe('checkSelector', () => {
  it.each<[string, string[]]>([
    ['site:primary', []],
    ['site:primay', ['no site "primay" in inventory (known: primary, secondary)']],
    ['group:kvn', ['no group "kvn" in inventory (did you mean kvm?)']],
    ['kvm', ['no host "kvm" in inventory (did you mean group:kvm?)']],
    ['primary', ['no host "primary" in inventory (did you mean site:primary?)']],
    ['kvm-z*', ['no host matches "kvm-z*"']],
    [
      'zone:east',
      [
        'no host "zone" in inventory (known: kvm-a1, kvm-a2, kvm-b1, kvm-b2, engine)',
        'no host "east" in inventory (known: kvm-a1, kvm-a2, kvm-b1, kvm-b2, engine)',
      ],
    ],
    ['all:!kvm-a1', []],
    ['site:primary:&group:kvm:!kvm-a1', []],
    ['site:', ['"site:" needs a name']],
    ['!', ['"!" needs a term after it']],
    ['kvm-a1,,kvm-b1', ['empty term in "kvm-a1,,kvm-b1"']],
    ['kvm-a1,', ['empty term in "kvm-a1,"']],
    ['', ['empty selector']],
    ['kvm a1', ['invalid character " " in "kvm a1"']],
    ['kvm-a1;rm', ['invalid character ";" in "kvm-a1;rm"']],
  ])('checks %p', (selector, problems) => {
    expect(checkSelector(selector, inventory)).toEqual(problems);
  });

  it('reports a missing engine host for "engine"', () => {
    const noEngineHost = makeInventory({ engine: { host: undefined } });
    expect(checkSelector('engine', noEngineHost)).toEqual(['"engine" needs engine.host in the inventory']);
  });
});
