import Ajv from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { load } from 'js-yaml';
import { buildSchemaFiles, serializeSchema } from '../../../src/cli/schemas';
import { expectGeneratedFileCurrent } from '../../helpers/generated-file';

function publishedSchema(name: string): object {
  return JSON.parse(readFileSync(nodePath.join('schemas', name), 'utf8')) as object;
}

describe('the published JSON Schemas', () => {
  it.each(Object.entries(buildSchemaFiles()))(
    'schemas/%s equals what the code builds (run `npm run schemas`)',
    (name, schema) => {
      expectGeneratedFileCurrent(nodePath.join('schemas', name), serializeSchema(schema), 'npm run schemas');
    }
  );

  /** ajv as any tool would use it: default (strict) options; every warning it logs is collected. */
  function strictAjv(warnings: string[] = []): Ajv {
    const collect = (...parts: unknown[]): number => warnings.push(parts.map(String).join(' '));
    return new Ajv({ allErrors: true, verbose: true, logger: { log: () => undefined, warn: collect, error: collect } });
  }

  it('load in ajv’s default strict mode with their $ids, without a warning', () => {
    const warnings: string[] = [];
    const ajv = strictAjv(warnings);
    ajv.addSchema(publishedSchema('runbook.schema.json')).addSchema(publishedSchema('inventory.schema.json'));
    expect(ajv.getSchema('urn:runbook:schemas:runbook')).toBeDefined();
    expect(ajv.getSchema('urn:runbook:schemas:inventory')).toBeDefined();
    expect(warnings).toEqual([]);
    for (const name of ['runbook.schema.json', 'inventory.schema.json']) {
      expect(readFileSync(nodePath.join('schemas', name), 'utf8')).not.toMatch(/patternErrorMessage|"type": \[/);
    }
  });

  it.each(['lab.yaml', 'lab-self-hosted.yaml', 'example-production.yaml'])('accepts inventories/%s', (name) => {
    const validate = strictAjv().compile(publishedSchema('inventory.schema.json'));
    expect(validate(load(readFileSync(nodePath.join('inventories', name), 'utf8')))).toBe(true);
  });

  let compiled: ReturnType<Ajv['compile']> | undefined;
  const runbookValidator = () => (compiled ??= strictAjv().compile(publishedSchema('runbook.schema.json')));

  it.each(readdirSync('runbooks'))('accepts the shipped runbooks/%s', (name) => {
    const validate = runbookValidator();
    expect([validate(load(readFileSync(nodePath.join('runbooks', name), 'utf8'))), validate.errors]).toEqual([
      true,
      null,
    ]);
  });

  it.each<[string, string]>([
    ['ssh.comand', 'ssh.command'],
    ['olvm.hots', 'olvm.host'],
    ['ehco', 'echo'],
    ['check.latncy', 'check.latency'],
    ['asert', 'assert'],
  ])('names the module a misspelt %s most likely meant, at that key', (typo, meant) => {
    const validate = runbookValidator();
    expect(validate(load(`name: r\nsteps:\n  - id: a\n    ${typo}: { cmd: uptime }\n`))).toBe(false);
    const atKey = (validate.errors ?? []).filter((e) => e.instancePath === `/steps/0/${typo}`);
    expect(atKey.map((e) => (e.parentSchema as { title?: string }).title)).toEqual([
      `unknown module: did you mean ${meant}?`,
    ]);
    expect((validate.errors ?? []).map((e) => e.message)).not.toContain("must have required property 'assert'");
  });

  it.each<[string, string, boolean]>([
    ['a step with one module', 'name: r\nsteps:\n  - { id: a, echo: { msg: hi } }\n', true],
    ['a templated module argument', 'name: r\nsteps:\n  - { id: a, wait: { for: "{{ t }}" } }\n', true],
    ['an include', 'name: r\nsteps:\n  - { include: pre.yaml, when: "x", tags: [a] }\n', true],
    ['two modules in one step', 'name: r\nsteps:\n  - { id: a, echo: { msg: hi }, wait: { for: 1s } }\n', false],
    ['no module', 'name: r\nsteps:\n  - { id: a }\n', false],
    ['an unknown module', 'name: r\nsteps:\n  - { id: a, ehco: { msg: hi } }\n', false],
    ['a wrong argument type', 'name: r\nsteps:\n  - { id: a, wait: { for: [1] } }\n', false],
    ['an include with a module', 'name: r\nsteps:\n  - { include: pre.yaml, echo: { msg: hi } }\n', false],
  ])('lets editors check %s', (_what, text, isValid) => {
    expect(runbookValidator()(load(text))).toBe(isValid);
  });
});
