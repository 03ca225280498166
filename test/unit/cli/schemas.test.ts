import { readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { buildSchemaFiles, serializeSchema } from '../../../src/cli/schemas';

describe('the published JSON Schemas', () => {
  it.each(Object.entries(buildSchemaFiles()))(
    'schemas/%s equals what the code builds (run `npm run schemas`)',
    (name, schema) => {
      const published = readFileSync(nodePath.join('schemas', name), 'utf8');
      expect(published).toBe(serializeSchema(schema));
    }
  );
});
