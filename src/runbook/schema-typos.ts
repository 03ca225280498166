/**
 * Editors validate runbooks with the published schema, where a misspelt module (`ssh.comand`) would otherwise
 * read "missing property assert" (the first module a step could have). The published step schema matches every
 * key one edit away from a module name (a letter missing, added, changed, or two swapped) and refuses it with a
 * title that names the module meant: `unknown module: did you mean ssh.command?`.
 */

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** A regex alternation of the keys one edit away from `name` (never `name` itself). */
function oneEditAway(name: string): string {
  const variants = new Set<string>();
  for (let i = 0; i < name.length; i++) {
    const [before, at, after] = [name.slice(0, i), name[i] as string, name.slice(i + 1)];
    variants.add(`${escapeRegex(before)}${escapeRegex(after)}`);
    variants.add(`${escapeRegex(before)}[^${escapeRegex(at)}]${escapeRegex(after)}`);
    if (i + 1 < name.length && name[i + 1] !== at) {
      variants.add(
        `${escapeRegex(before)}${escapeRegex(name[i + 1] as string)}${escapeRegex(at)}${escapeRegex(name.slice(i + 2))}`
      );
    }
  }
  for (let i = 0; i <= name.length; i++) variants.add(`${escapeRegex(name.slice(0, i))}.${escapeRegex(name.slice(i))}`);
  return [...variants].join('|');
}

/** `patternProperties` entries refusing near-misses of each module, never matching a valid key. */
export function typoProperties(modules: readonly string[], validKeys: readonly string[]): Record<string, unknown> {
  const notValid = `(?!(?:${validKeys.map(escapeRegex).join('|')})$)`;
  return Object.fromEntries(
    modules.map((name) => [
      `^${notValid}(?:${oneEditAway(name)})$`,
      { title: `unknown module: did you mean ${name}?`, description: `Unknown module: did you mean ${name}?`, not: {} },
    ])
  );
}

/** A schema that holds when some key matches one of `patterns` (so a misspelt module counts as the module). */
export function hasKeyMatching(patterns: readonly string[]): Record<string, unknown> {
  return { not: { propertyNames: { not: { anyOf: patterns.map((pattern) => ({ pattern })) } } } };
}
