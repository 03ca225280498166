/**
 * The JSON Schemas published for editors (schemas/*.schema.json), built from the code. `npm run schemas`
 * rewrites them; a test fails when a committed file differs from what the code builds.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { inventorySchema } from '../inventory/schema';
import { modules } from '../modules/registry';
import { buildRunbookSchema } from '../runbook/schema';

/** File name (under schemas/) -> schema object. */
export function buildSchemaFiles(): Record<string, object> {
  return {
    'inventory.schema.json': inventorySchema,
    'runbook.schema.json': buildRunbookSchema(modules),
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
