/**
 * docs/lab-engine.md lists every lab knob with its default and source, as src/inventory/lab-knobs.ts has them.
 * `RUNBOOK_WRITE_KNOB_DOCS=1 npx jest test/unit/lab/knob-docs` rewrites the table from the catalogue.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { KnobSpec } from '../../../src/inventory/lab-knobs';
import { knobYamlName, LAB_KNOB_NAMES, LAB_KNOBS } from '../../../src/inventory/lab-knobs';

const DOC = 'docs/lab-engine.md';
const HEADER = '| Knob | Default | Source | What |\n| --- | --- | --- | --- |\n';

function escape(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function renderKnobTable(): string {
  const rows = LAB_KNOB_NAMES.map((name) => {
    const spec = LAB_KNOBS[name] as KnobSpec;
    const choices = spec.kind === 'choice' ? ` (${spec.choices.join(', ')})` : '';
    return `| \`${knobYamlName(name)}\` | ${String(spec.default)}${choices} | ${escape(spec.source)} | ${escape(spec.description)} |`;
  });
  return HEADER + rows.join('\n') + '\n';
}

/** The knob table as the document has it: from its header to the first line that is not a table row. */
function documentedTable(doc: string): { start: number; end: number } {
  const start = doc.indexOf(HEADER);
  if (start === -1) return { start: -1, end: -1 };
  const lines = doc.slice(start).split('\n');
  const length = lines.findIndex((line) => !line.startsWith('|'));
  return { start, end: start + lines.slice(0, length).join('\n').length + 1 };
}

describe('docs/lab-engine.md', () => {
  it('lists every knob with its default and source, in the catalogue order', () => {
    const doc = readFileSync(DOC, 'utf8');
    const { start, end } = documentedTable(doc);
    expect(start).toBeGreaterThan(-1);
    if (process.env['RUNBOOK_WRITE_KNOB_DOCS'] === '1') {
      writeFileSync(DOC, doc.slice(0, start) + renderKnobTable() + doc.slice(end));
      return;
    }
    expect(doc.slice(start, end)).toBe(renderKnobTable());
  });
});
