import { MAX_YAML_ALIAS_EXPANSION, MAX_YAML_NESTING } from '../../../src/shared/yaml-limits';
import { loadYaml, parseYaml, YamlLimitError } from '../../../src/shared/yaml-source';
import { aliasBomb, deepFlow } from '../../helpers/hostile-yaml';

function problemOf(text: string) {
  const parsed = parseYaml(text, 'bomb.yaml');
  if (parsed.isOk) throw new Error('expected the document to be refused');
  return parsed;
}

// A generous per-test bound: a hang guard only (the figures are in docs/benchmarks.md, `npm run bench -- yaml`).
const HANG_GUARD_MS = 20_000;

describe('hostile YAML is refused while it is read', () => {
  it.each([7, 8, 9, 10, 11, 12])(
    'an alias bomb of %i levels, at the alias that crosses the budget',
    (levels) => {
      const parsed = problemOf(aliasBomb(levels));
      expect(parsed.isOverLimit).toBe(true);
      // Aliases of a1..a4 bring 74,718 values; the first alias in a5 (line 6) adds a4's 66,430.
      expect(parsed.problem).toMatchObject({ file: 'bomb.yaml', line: 6, column: 10 });
      expect(parsed.problem.message).toMatch(/^YAML: aliases expand to more than 100,000 values \(an alias bomb\?\)/);
    },
    HANG_GUARD_MS
  );

  it('a bomb in block style and through merge keys too', () => {
    const block = ['base: &b0', ...Array.from({ length: 9 }, (_, i) => `  k${i}: lol`)];
    for (let k = 1; k <= 9; k++) {
      block.push(`l${k}: &b${k}`, ...Array.from({ length: 9 }, (_, i) => `  - *b${k - 1}`.replace('- *', `- ${i}: *`)));
    }
    expect(problemOf(block.join('\n')).problem.message).toMatch(/aliases expand/);
    const merged = ['m0: &m0 {a: 1, b: 2, c: 3, d: [1, 2, 3, 4, 5, 6, 7, 8]}'];
    for (let k = 1; k <= 12; k++)
      merged.push(
        `m${k}: &m${k} {<<: *m${k - 1}, x: [${Array(9)
          .fill(`*m${k - 1}`)
          .join(', ')}]}`
      );
    expect(problemOf(merged.join('\n')).problem.message).toMatch(/aliases expand/);
  });

  it.each([
    ['a flow sequence', deepFlow(100_000)],
    ['a flow mapping', '{a: '.repeat(100_000) + '1' + '}'.repeat(100_000)],
    ['a block sequence', Array.from({ length: 100_000 }, () => '- ').join('') + 'x'],
  ])(
    '%s 100,000 levels deep, at the first node too deep',
    (_kind, text) => {
      const parsed = problemOf(text);
      expect(parsed.isOverLimit).toBe(true);
      expect(parsed.problem).toMatchObject({ file: 'bomb.yaml', line: 1 });
      expect(parsed.problem.column).toBeGreaterThan(MAX_YAML_NESTING - 5);
      expect(parsed.problem.column).toBeLessThan(5 * MAX_YAML_NESTING);
      expect(parsed.problem.message).toBe(
        `YAML: nested deeper than ${MAX_YAML_NESTING} levels; refused before reading further`
      );
    },
    HANG_GUARD_MS
  );

  it('block mappings 5,000 levels deep (indentation makes deeper ones huge), at the first one too deep', () => {
    const text = Array.from({ length: 5_000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    const { problem } = problemOf(text);
    expect(problem.line).toBeGreaterThan(MAX_YAML_NESTING - 5);
    expect(problem.line).toBeLessThan(MAX_YAML_NESTING + 5);
  });

  it('accepts what real documents do: 90 levels, and an anchor merged thousands of times', () => {
    expect(parseYaml('['.repeat(90) + ']'.repeat(90), 'ok.yaml').isOk).toBe(true);
    const defaults = 'defaults: &d {memory: 1GiB, site: primary, ha: true}\nvms:\n';
    const vms = Array.from({ length: 5_000 }, (_, i) => `  - {<<: *d, name: vm-${i}}`).join('\n');
    expect(parseYaml(defaults + vms, 'ok.yaml').isOk).toBe(true);
  });

  it('counts an alias by the values it names, so the budget is exactly the limit', () => {
    const list = `[${Array(999).fill('1').join(', ')}]`; // 1,000 values with the list itself
    const uses = (n: number): string => `a: &a ${list}\nb: [${Array(n).fill('*a').join(', ')}]\n`;
    expect(parseYaml(uses(MAX_YAML_ALIAS_EXPANSION / 1_000), 'ok.yaml').isOk).toBe(true);
    expect(problemOf(uses(MAX_YAML_ALIAS_EXPANSION / 1_000 + 1)).problem.message).toMatch(/brings them to 101,000$/);
  });

  it('loadYaml throws YamlLimitError (a ValidationError, exit 3) for a document over the limits', () => {
    expect(() => loadYaml(aliasBomb(8), 'bomb.yaml')).toThrow(YamlLimitError);
    expect(() => loadYaml('[[', 'bad.yaml')).not.toThrow(YamlLimitError);
  });
});
