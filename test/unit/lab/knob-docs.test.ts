/** docs/lab-engine.md lists every lab knob with its default and source, as src/inventory/lab-knobs.ts has them. */
import { readFileSync } from 'node:fs';
import type { KnobSpec } from '../../../src/inventory/lab-knobs';
import { knobYamlName, LAB_KNOB_NAMES, LAB_KNOBS } from '../../../src/inventory/lab-knobs';

function escape(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** One row per knob, as docs/lab-engine.md must hold it. */
function renderKnobRows(): string[] {
  return LAB_KNOB_NAMES.map((name) => {
    const spec = LAB_KNOBS[name] as KnobSpec;
    const choices = spec.kind === 'choice' ? ` (${spec.choices.join(', ')})` : '';
    return `| \`${knobYamlName(name)}\` | ${String(spec.default)}${choices} | ${escape(spec.source)} | ${escape(spec.description)} |`;
  });
}

describe('docs/lab-engine.md', () => {
  const doc = readFileSync('docs/lab-engine.md', 'utf8');

  it('lists every knob with its default and source, in the catalogue order', () => {
    const rows = renderKnobRows();
    const start = doc.indexOf(rows[0]!);
    const table = doc.slice(start, start + rows.join('\n').length);
    expect(table).toBe(rows.join('\n'));
  });
});
