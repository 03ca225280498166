import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExtraVarError, parseExtraVars } from '../../../src/cli/extra-vars';
import { ValidationError } from '../../../src/shared/errors';
import { YamlLimitError } from '../../../src/shared/yaml-source';
import { aliasBomb, deepFlow } from '../../helpers/hostile-yaml';

describe('parseExtraVars', () => {
  it.each([
    ['n=3', { n: 3 }],
    ['flag=true', { flag: true }],
    ['list=[a, b]', { list: ['a', 'b'] }],
    ['text=hello world', { text: 'hello world' }],
    ['url=http://x:1/a=b', { url: 'http://x:1/a=b' }],
    ['empty=', { empty: '' }],
    ['broken={unclosed', { broken: '{unclosed' }],
  ])('reads %s', (pair, vars) => {
    expect(parseExtraVars([pair])).toEqual(vars);
  });

  it.each(['novalue', '=3', 'bad-name=1', '1x=2'])('refuses %s', (pair) => {
    expect(() => parseExtraVars([pair])).toThrow(ExtraVarError);
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
