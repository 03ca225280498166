import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
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

  it('accepts inventories/lab.yaml', () => {
    const validate = new Ajv({ strict: false, allowUnionTypes: true }).compile(
      publishedSchema('inventory.schema.json')
    );
    expect(validate(load(readFileSync('inventories/lab.yaml', 'utf8')))).toBe(true);
  });

  const runbookValidator = () =>
    new Ajv({ strict: false, allowUnionTypes: true }).compile(publishedSchema('runbook.schema.json'));

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
