import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExtraVarError, parseExtraVars } from '../../../src/cli/extra-vars';

const dir = mkdtempSync(join(tmpdir(), 'runbook-extra-vars-'));
writeFileSync(join(dir, 'vars.yml'), 'rto_minutes: 15\nsites_to_drain: [primary]\n');
writeFileSync(join(dir, 'vars.json'), '{"engine_fqdn": "engine.example.com", "force": true}');
writeFileSync(join(dir, 'list.yml'), '- a\n- b\n');
writeFileSync(join(dir, 'bad.yml'), 'a: [\n');

describe('parseExtraVars (-e as Ansible takes it)', () => {
  it.each([
    ['n=3', { n: 3 }],
    ['flag=true', { flag: true }],
    ['list=[a, b]', { list: ['a', 'b'] }],
    ['text=hello world', { text: 'hello world' }],
    ['url=http://x:1/a=b', { url: 'http://x:1/a=b' }],
    ['empty=', { empty: '' }],
    ['broken={unclosed', { broken: '{unclosed' }],
    ['@vars.yml', { rto_minutes: 15, sites_to_drain: ['primary'] }],
    ['@vars.json', { engine_fqdn: 'engine.example.com', force: true }],
    ['{"a": 1, "b": [true, null]}', { a: 1, b: [true, null] }],
    ['{a: 1, b: x}', { a: 1, b: 'x' }],
  ])('reads %s', (argument, vars) => {
    expect(parseExtraVars([argument], dir)).toEqual(vars);
  });

  it('lets a later -e win', () => {
    expect(parseExtraVars(['@vars.yml', 'rto_minutes=30', '{"x": 1}'], dir)).toEqual({
      rto_minutes: 30,
      sites_to_drain: ['primary'],
      x: 1,
    });
  });

  it.each<[string, RegExp]>([
    ['novalue', /expected key=value, @file or \{mapping\}/],
    ['=3', /expected key=value/],
    ['bad-name=1', /expected key=value/],
    ['1x=2', /expected key=value/],
    ['@missing.yml', /-e @missing\.yml: cannot read .*missing\.yml: ENOENT/],
    ['@list.yml', /list\.yml must hold a mapping of variable names to values/],
    ['@bad.yml', /not valid YAML or JSON/],
    ['{"a-b": 1}', /not variable names: a-b/],
  ])('refuses %s', (argument, message) => {
    expect(() => parseExtraVars([argument], dir)).toThrow(ExtraVarError);
    expect(() => parseExtraVars([argument], dir)).toThrow(message);
  });
});
