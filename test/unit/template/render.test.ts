import { isTemplate, renderValue } from '../../../src/template';

const scope = {
  host: { name: 'kvm-a1', site: 'primary', address: '127.10.1.11', port: 2222 },
  vms: [{ name: 'db-1' }, { name: 'web-1' }],
  count: 8,
  flag: false,
  nothing: null,
};

describe('renderValue', () => {
  it.each<[string, unknown]>([
    ['{{ count }}', 8],
    ['{{count}}', 8],
    ['{{ flag }}', false],
    ['{{ nothing }}', null],
    ['{{ vms }}', scope.vms],
    ['{{ host }}', scope.host],
    ["{{ host.site == 'primary' and 8 or 2 }}", 8],
  ])('keeps the type of a string that is exactly %s', (template, expected) => {
    expect(renderValue(template, scope)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['ssh -p {{ host.port }} root@{{ host.address }}', 'ssh -p 2222 root@127.10.1.11'],
    [' {{ count }}', ' 8'],
    ['{{ count }}{{ count }}', '88'],
    ['flag={{ flag }}', 'flag=false'],
    ['[{{ nothing }}]', '[]'],
    ['vms={{ vms | map(attribute="name") }}', 'vms=["db-1","web-1"]'],
    ["literal {{ '{{' }} braces", 'literal {{ braces'],
    ["{{ '}}' }}", '}}'],
    ['no template here', 'no template here'],
    ['a } and { not a tag }', 'a } and { not a tag }'],
  ])('renders mixed text %p as a string', (template, expected) => {
    expect(renderValue(template, scope)).toBe(expected);
  });

  it('renders strings deep inside arrays and objects and leaves other values alone', () => {
    const value = {
      name: '{{ host.name }}',
      priority: '{{ count }}',
      list: ['{{ host.port }}', 1, true, null, { nested: 'at {{ host.address }}' }],
      plain: 'x',
      number: 3,
    };
    expect(renderValue(value, scope)).toEqual({
      name: 'kvm-a1',
      priority: 8,
      list: [2222, 1, true, null, { nested: 'at 127.10.1.11' }],
      plain: 'x',
      number: 3,
    });
    expect(value.priority).toBe('{{ count }}');
  });

  it.each<[string, boolean]>([
    ['{{ x }}', true],
    ['a {{ x }} b', true],
    ['plain', false],
    ['{ x }', false],
  ])('knows whether %p is a template', (text, expected) => {
    expect(isTemplate(text)).toBe(expected);
  });
});
