import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExtraVarError, parseExtraVars } from '../../../src/cli/extra-vars';
import { ValidationError } from '../../../src/shared/errors';
import { YamlLimitError } from '../../../src/shared/yaml-source';
import { aliasBomb, deepFlow } from '../../helpers/hostile-yaml';

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
    ['@missing.yml', /-e @missing\.yml: cannot read .*missing\.yml \(ENOENT\)/],
    ['{"a-b": 1}', /not variable names: a-b/],
  ])('refuses %s', (argument, message) => {
    expect(() => parseExtraVars([argument], dir)).toThrow(ExtraVarError);
    expect(() => parseExtraVars([argument], dir)).toThrow(message);
  });

  it.each<[string, RegExp]>([
    ['@list.yml', /list\.yml:1:1 must be a mapping of variables/],
    ['@bad.yml', /bad\.yml:2:1 /],
    ['{a: [1', /\(-e\):\d+:\d+ YAML: unexpected end/],
  ])('refuses %s at its place (exit 3)', (argument, message) => {
    expect(() => parseExtraVars([argument], dir)).toThrow(ValidationError);
    expect(() => parseExtraVars([argument], dir)).toThrow(message);
  });
});

describe('parseExtraVars -e @FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-vars-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads every key of a YAML mapping, relative to the working directory; later -e win', () => {
    writeFileSync(join(dir, 'vars.yaml'), 'n: 3\nlist: [a, b]\n');
    expect(parseExtraVars(['@vars.yaml', 'n=4'], dir)).toEqual({ n: 4, list: ['a', 'b'] });
  });

  it('refuses a file that is not a mapping (exit 3) and one that cannot be read (exit 2)', () => {
    writeFileSync(join(dir, 'list.yaml'), '- a\n');
    expect(() => parseExtraVars(['@list.yaml'], dir)).toThrow(ValidationError);
    expect(() => parseExtraVars(['@missing.yaml'], dir)).toThrow(/-e @missing\.yaml: cannot read .*ENOENT/);
  });

  it('refuses hostile YAML in a file or a value, naming the place', () => {
    writeFileSync(join(dir, 'bomb.yaml'), aliasBomb(10));
    expect(() => parseExtraVars(['@bomb.yaml'], dir)).toThrow(YamlLimitError);
    expect(() => parseExtraVars([`x=${deepFlow(100_000)}`], dir)).toThrow(/\(-e x\):1:\d+ YAML: nested deeper/);
  });
});
