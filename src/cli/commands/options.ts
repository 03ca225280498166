/**
 * Option parsers and defaults the command declarations share. Declarations load at every start (`--help` included),
 * so this file imports nothing but commander.
 */
import { InvalidArgumentError } from 'commander';

/** The inventory used when `-i` is not given (one constant for every command). */
export const DEFAULT_INVENTORY = 'inventories/lab.yaml';

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
