/**
 * Files the code generates and the repo commits (schemas/*.json, docs/modules.md): a test fails when one is stale,
 * and its message says which command brings it up to date, so a stale file cannot land silently.
 */
import { existsSync, readFileSync } from 'node:fs';

export function expectGeneratedFileCurrent(path: string, built: string, regenerateCommand: string): void {
  const committed = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (committed === built) return;
  throw new Error(
    `${path} is out of date with the code: run \`${regenerateCommand}\` and commit the result.\n` +
      describeFirstDifference(committed, built)
  );
}

function describeFirstDifference(committed: string | undefined, built: string): string {
  if (committed === undefined) return 'The file does not exist.';
  const committedLines = committed.split('\n');
  const builtLines = built.split('\n');
  const index = committedLines.findIndex((line, i) => line !== builtLines[i]);
  const at = index === -1 ? committedLines.length : index;
  return [
    `First difference at line ${at + 1}:`,
    `  committed: ${committedLines[at] ?? '(end of file)'}`,
    `  built:     ${builtLines[at] ?? '(end of file)'}`,
  ].join('\n');
}
