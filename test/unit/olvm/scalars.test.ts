import { readActionNames, readList, readRefs, toBoolean, toEpochMs, toNumber, toRef } from '../../../src/olvm/scalars';

describe('lenient scalars', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    [true, true],
    ['1', true],
    [1, true],
    ['false', false],
    [false, false],
    ['0', false],
    [0, false],
    ['yes', undefined],
    [null, undefined],
    [undefined, undefined],
  ])('reads the boolean %p as %p', (input, expected) => {
    expect(toBoolean(input)).toBe(expected);
  });

  it.each([
    ['5', 5],
    [5, 5],
    ['-1', -1],
    ['270271364096', 270271364096],
    ['1.5', 1.5],
    ['', undefined],
    ['five', undefined],
    [null, undefined],
    [{}, undefined],
  ])('reads the number %p as %p', (input, expected) => {
    expect(toNumber(input)).toBe(expected);
  });

  it.each([
    [1472564909990, 1472564909990],
    ['1472564909990', 1472564909990],
    ['2016-09-14T12:14:34.541+02:00', Date.UTC(2016, 8, 14, 10, 14, 34, 541)],
    ['not a date', undefined],
  ])('reads the date %p as epoch ms %p', (input, expected) => {
    expect(toEpochMs(input)).toBe(expected);
  });
});

describe('collections', () => {
  it.each([
    ['an empty collection as {}', {}],
    ['a null key', { host: null }],
    ['no body at all', undefined],
    ['a body that is not an object', 'oops'],
  ])('reads %s as no items', (_label, body) => {
    expect(readList(body, 'host')).toEqual([]);
  });

  it('reads the singular key as the list of items', () => {
    expect(readList({ host: [{ id: 'a' }, { id: 'b' }] }, 'host')).toEqual([{ id: 'a' }, { id: 'b' }]);
  });

  it('takes a lone object where a list was expected as a one-item list', () => {
    expect(readList({ host: { id: 'a' } }, 'host')).toEqual([{ id: 'a' }]);
  });

  it('reads nested member lists and drops members without an id', () => {
    const group = { hosts: { host: [{ id: 'h1', href: '/ovirt-engine/api/hosts/h1' }, { name: 'no-id' }] } };
    expect(readRefs(group, 'hosts', 'host')).toEqual([{ id: 'h1', href: '/ovirt-engine/api/hosts/h1' }]);
  });

  it('keeps the name of a reference that the engine inlined', () => {
    expect(toRef({ id: 'c1', name: 'stretch' })).toEqual({ id: 'c1', name: 'stretch' });
  });

  it('reads the offered actions from actions.link[].rel', () => {
    const host = {
      actions: {
        link: [
          { href: '/x/deactivate', rel: 'deactivate' },
          { href: '/x/fence', rel: 'fence' },
        ],
      },
    };
    expect(readActionNames(host)).toEqual(['deactivate', 'fence']);
  });
});
