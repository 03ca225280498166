/**
 * The JSON Schemas published for editors (schemas/*.schema.json), built from the code. `npm run schemas`
 * rewrites them; a test fails when a committed file differs from what the code builds.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { inventorySchema } from '../inventory/schema';
import { modules } from '../modules/registry';
import { buildRunbookSchema } from '../runbook/schema';
import { publishSchema } from './portable-schema';

/** The `$id` of each published schema. */
export const SCHEMA_IDS = {
  runbook: 'urn:runbook:schemas:runbook',
  inventory: 'urn:runbook:schemas:inventory',
} as const;

/** File name (under schemas/) -> schema object. */
export function buildSchemaFiles(): Record<string, object> {
  return {
    'inventory.schema.json': publishSchema(inventorySchema, SCHEMA_IDS.inventory),
    'runbook.schema.json': publishSchema(buildRunbookSchema(modules), SCHEMA_IDS.runbook),
  };
}

export function serializeSchema(schema: object): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

export async function writeSchemaFiles(rootDir: string): Promise<string[]> {
  const dir = nodePath.join(rootDir, 'schemas');
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, schema] of Object.entries(buildSchemaFiles())) {
    const path = nodePath.join(dir, name);
    await writeFile(path, serializeSchema(schema));
    written.push(path);
  }
  return written;
}

if (require.main === module) {
  writeSchemaFiles(process.cwd()).then(
    (paths) => paths.forEach((path) => console.log(`wrote ${nodePath.relative(process.cwd(), path)}`)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    }
  );
}
