import { buildModuleReference, MODULE_REFERENCE_PATH } from '../../../src/cli/module-docs';
import { describeArguments, describeRules, describeType } from '../../../src/cli/schema-text';
import { modules } from '../../../src/modules/registry';
import { expectGeneratedFileCurrent } from '../../helpers/generated-file';

function sectionOf(reference: string, name: string): string {
  const start = reference.indexOf(`### \`${name}\``);
  const next = reference.indexOf('\n### ', start + 1);
  return reference.slice(start, next === -1 ? undefined : next);
}

describe('the generated module reference (docs/modules.md)', () => {
  const reference = buildModuleReference();

  it('equals what the code builds (run `npm run docs`)', () => {
    expectGeneratedFileCurrent(MODULE_REFERENCE_PATH, reference, 'npm run docs');
  });

  it.each(Object.keys(modules))('has a section for %s that lists every argument', (name) => {
    const section = sectionOf(reference, name);
    expect(section).toContain(`### \`${name}\``);
    const schema = modules[name as keyof typeof modules].schema as Record<string, unknown>;
    for (const row of describeArguments(schema)) expect(section).toContain(`| \`${row.name}\` |`);
  });

  it.each(Object.keys(modules))('documents every argument of %s in words', (name) => {
    const schema = modules[name as keyof typeof modules].schema as Record<string, unknown>;
    const undocumented = describeArguments(schema).filter((row) => row.description === '');
    expect(undocumented.map((row) => row.name)).toEqual([]);
  });
});

describe('JSON Schema in words', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['an integer range', { type: 'integer', minimum: -1, maximum: 10 }, 'integer -1..10'],
    ['an enum', { type: 'string', enum: ['present', 'absent'] }, '"present" | "absent"'],
    ['a pattern', { type: 'string', pattern: '^/' }, 'string matching `^/`'],
    ['a non-empty list', { type: 'array', items: { type: 'string' }, minItems: 1 }, 'list of string (at least 1)'],
    [
      'a list of alternatives',
      { type: 'array', items: { type: ['string', 'boolean'] } },
      'list of (string or boolean)',
    ],
    ['a map', { type: 'object', additionalProperties: { type: 'string' } }, 'map of string'],
    ['alternatives', { anyOf: [{ type: 'boolean' }, { type: 'integer', minimum: 0 }] }, 'boolean or integer >= 0'],
    ['anything', {}, 'any'],
  ])('describes %s', (_what, schema, text) => {
    expect(describeType(schema)).toBe(text);
  });

  it('flattens nested objects into dotted rows and keeps required and default', () => {
    const rows = describeArguments({
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', description: 'The VM.' },
        high_availability: {
          anyOf: [
            { type: 'boolean' },
            { type: 'object', properties: { priority: { type: 'integer', default: 1, description: 'HA priority.' } } },
          ],
          description: 'HA.',
        },
      },
    });
    expect(rows).toEqual([
      { name: 'name', type: 'string', isRequired: true, description: 'The VM.' },
      { name: 'high_availability', type: 'boolean or object (fields below)', isRequired: false, description: 'HA.' },
      {
        name: 'high_availability.priority',
        type: 'integer',
        isRequired: false,
        description: 'HA priority.',
        defaultText: '1',
      },
    ]);
  });

  it('states a rule that needs one argument of several', () => {
    expect(describeRules({ oneOf: [{ required: ['src'] }, { required: ['content'] }] })).toEqual([
      'Needs exactly one of: `src`, `content`.',
    ]);
  });
});
