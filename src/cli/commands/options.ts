/**
 * Option parsers and defaults the command declarations share. Declarations load at every start (`--help` included),
 * so this file imports nothing but commander.
 */
import { InvalidArgumentError } from 'commander';

/** How help texts name the inventory used without `-i` (src/cli/project.ts chooses it). */
export const DEFAULT_INVENTORY_HELP = '$RUNBOOK_INVENTORY, else runbook.config.yaml, else inventories/lab.yaml';

/** Commander collector for a repeatable option (`-e a=1 -e b=2`). */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function parsePositiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return value;
}

export function parseList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** Commander reducer for `-v`, `-vv`, `-v -v`: the count. */
export function countVerbosity(_value: string, previous: number): number {
  return previous + 1;
}
