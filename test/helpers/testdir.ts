/** Temporary directories with files, removed after the test file: `const dir = await testdir({ 'a.yaml': text })`. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';

const created: string[] = [];

export async function testdir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(nodePath.join(tmpdir(), 'runbook-test-'));
  created.push(dir);
  for (const [name, text] of Object.entries(files)) {
    const path = nodePath.join(dir, name);
    await mkdir(nodePath.dirname(path), { recursive: true });
    await writeFile(path, text);
  }
  return dir;
}

export async function removeTestdirs(): Promise<void> {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}
