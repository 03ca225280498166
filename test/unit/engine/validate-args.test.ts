import Ajv from 'ajv';
import { describeErrors } from '../../../src/engine/validate-args';

function problemsOf(schema: object, data: unknown): string[] {
  const validate = new Ajv({ allErrors: true, strict: false, verbose: true, coerceTypes: true }).compile(schema);
  return validate(data) ? [] : describeErrors(validate.errors ?? []);
}

describe('describeErrors', () => {
  it.each([
    [{ type: 'object', properties: { a: { type: 'integer' } } }, { a: 'x' }, ['args.a must be integer']],
    [{ type: 'object', required: ['name'] }, {}, ['args.name is required']],
    [
      { type: 'object', properties: { a: {} }, additionalProperties: false },
      { b: 1 },
      ['args has unknown property "b" (known: a)'],
    ],
    [
      { type: 'object', properties: { s: { enum: ['up', 'down'] } } },
      { s: 'sideways' },
      ['args.s must be one of "up", "down"'],
    ],
    [
      {
        type: 'object',
        properties: { l: { type: 'array', items: { type: 'object', properties: { n: { type: 'number' } } } } },
      },
      { l: [{ n: 1 }, { n: 'x' }] },
      ['args.l[1].n must be number'],
    ],
    [
      { type: 'object', properties: { v: { anyOf: [{ type: 'integer' }, { type: 'array' }] } } },
      { v: {} },
      ['args.v matches none of the allowed forms'],
    ],
    [
      { type: 'object', properties: { v: { type: ['string', 'array'] } } },
      { v: {} },
      ['args.v must be string or array'],
    ],
  ])('describes %j for %j', (schema, data, problems) => {
    expect(problemsOf(schema, data)).toEqual(problems);
  });
});
