import { OlvmUsageError } from '../../../src/olvm/errors';
import { buildQuery, buildSearch, encodeQuery } from '../../../src/olvm/search';

describe('search criteria', () => {
  it.each([
    [{ name: 'kvm-a1' }, 'name=kvm-a1'],
    [{ name: 'my host' }, 'name="my host"'],
    [{ status: 'up', cluster: 'stretch' }, 'status=up and cluster=stretch'],
    [{ status: ['up', 'maintenance'] }, 'status=up or status=maintenance'],
    [{ name: 'db*' }, 'name=db*'],
    [{ correlation_id: 'drill-42-step3' }, 'correlation_id=drill-42-step3'],
    [{ spm_id: 3, name: undefined }, 'spm_id=3'],
    [{ 'vms.status': 'up' }, 'vms.status=up'],
  ])('turns %p into %p', (criteria, expected) => {
    expect(buildSearch(criteria)).toBe(expected);
  });

  it.each([
    ['a value with a double quote', { name: 'a"b' }, /double quote/],
    ['an empty value', { name: '' }, /empty/],
    ['a field that is not a name', { 'name=x or 1': 'y' }, /not a field name/],
    ['alternatives next to another field', { status: ['up', 'down'], cluster: 'c' }, /alternatives/],
    ['an empty list of values', { status: [] }, /empty list/],
  ])('refuses %s before any request', (_label, criteria, message) => {
    expect(() => buildSearch(criteria)).toThrow(OlvmUsageError);
    expect(() => buildSearch(criteria)).toThrow(message);
  });
});

describe('query parameters', () => {
  it('passes a raw search through and orders the parameters stably', () => {
    expect(
      buildQuery({ search: 'sortby time asc', max: 10, follow: ['cluster', 'host'], allContent: true, from: 7 })
    ).toEqual([
      ['search', 'sortby time asc'],
      ['from', '7'],
      ['max', '10'],
      ['follow', 'cluster,host'],
      ['all_content', 'true'],
    ]);
  });

  it('sends case_sensitive only when asked', () => {
    expect(buildQuery({ search: { name: 'x' }, isCaseSensitive: true })).toEqual([
      ['search', 'name=x'],
      ['case_sensitive', 'true'],
    ]);
  });

  it.each([-1, 1.5, Number.NaN])('refuses max=%p', (max) => {
    expect(() => buildQuery({ max })).toThrow(/max must be a non-negative integer/);
  });

  it('percent-encodes spaces and operators, never as +', () => {
    expect(encodeQuery([['search', 'name=my vm and status=up']])).toBe('search=name%3Dmy%20vm%20and%20status%3Dup');
  });
});
