/**
 * YAML text as Ansible's `to_yaml` and `to_nice_yaml` write it (PyYAML's emitter): keys sorted, sequences in a
 * mapping not indented, strings quoted only where YAML 1.1 would read them as something else. `to_yaml` writes a
 * collection of scalars in flow style (`[a, b]`, `{f: 1}`); `to_nice_yaml` writes block style throughout.
 * Not reproduced: PyYAML's folding of long lines at 80 columns, and its single-quoted multi-line strings
 * (written here double-quoted with `\n`).
 */
import { isDict } from './values';

export interface YamlStyle {
  /** Spaces per level (PyYAML's `indent`: 2 for to_yaml, 4 for to_nice_yaml). */
  indent: number;
  /** Collections of scalars in flow style (to_yaml). */
  isFlowForScalars: boolean;
}

const YAML11_SPECIAL = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/,
  /^(?:<<|=)$/,
];

function isScalar(value: unknown): boolean {
  return !Array.isArray(value) && !isDict(value);
}

/** Whether a string may be written plain (unquoted) in block or flow context, as PyYAML decides. */
function isPlainAllowed(text: string, isFlow: boolean): boolean {
  if (YAML11_SPECIAL.some((pattern) => pattern.test(text))) return false;
  if (
    /^\s|\s$/.test(text) ||
    /[\n\r\t\u0085\u2028\u2029]/.test(text) ||
    /[^\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd]/u.test(text)
  ) {
    return false;
  }
  if (/^(?:---|\.\.\.)/.test(text)) return false;
  if (/^[#,[\]{}&*!|>'"%@`]/.test(text) || /^[-?:](?:\s|$)/.test(text)) return false;
  if (/:(?:\s|$)/.test(text) || /\s#/.test(text)) return false;
  return !(isFlow && /[,?[\]{}]|:[,[\]{}]/.test(text));
}

function isSingleQuotable(text: string): boolean {
  return !/[\n\r\t\u0085\u2028\u2029]/.test(text) && !/[^\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd]/u.test(text);
}

function formatScalar(value: unknown, isFlow: boolean): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean' || typeof value === 'number') return formatNumberOrBool(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (isPlainAllowed(text, isFlow)) return text;
  if (isSingleQuotable(text)) return `'${text.replace(/'/g, "''")}'`;
  return JSON.stringify(text);
}

function formatNumberOrBool(value: number | boolean): string {
  if (typeof value === 'boolean') return String(value);
  if (Number.isNaN(value)) return '.nan';
  if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
  return String(value);
}

function sortedEntries(value: Record<string, unknown>): Array<[string, unknown]> {
  return Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function isFlow(value: unknown, style: YamlStyle): boolean {
  const items = Array.isArray(value) ? value : isDict(value) ? Object.values(value) : [];
  if (items.length === 0) return true;
  return style.isFlowForScalars && items.every(isScalar);
}

function formatFlow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => formatFlowItem(item)).join(', ')}]`;
  const entries = sortedEntries(value as Record<string, unknown>);
  return `{${entries.map(([k, v]) => `${formatScalar(k, true)}: ${formatFlowItem(v)}`).join(', ')}}`;
}

function formatFlowItem(value: unknown): string {
  return isScalar(value) ? formatScalar(value, true) : formatFlow(value);
}

/** Lines of a block node at column 0; callers indent them. */
function blockLines(value: unknown, style: YamlStyle): string[] {
  if (isScalar(value)) return [formatScalar(value, false)];
  if (isFlow(value, style)) return [formatFlow(value)];
  return Array.isArray(value) ? sequenceLines(value, style) : mappingLines(value as Record<string, unknown>, style);
}

function sequenceLines(items: unknown[], style: YamlStyle): string[] {
  const pad = ' '.repeat(style.indent);
  return items.flatMap((item) => {
    const [first = '', ...rest] = blockLines(item, style);
    // A scalar follows "- "; a block collection starts at the next indentation column.
    const gap = isScalar(item) || isFlow(item, style) ? ' ' : ' '.repeat(style.indent - 1);
    return [`-${gap}${first}`, ...rest.map((line) => pad + line)];
  });
}

function mappingLines(value: Record<string, unknown>, style: YamlStyle): string[] {
  const pad = ' '.repeat(style.indent);
  return sortedEntries(value).flatMap(([key, item]) => {
    const head = `${formatScalar(key, false)}:`;
    if (isScalar(item) || isFlow(item, style)) return [`${head} ${blockLines(item, style)[0] as string}`];
    const lines = blockLines(item, style);
    // PyYAML does not indent a block sequence that is a mapping value.
    return [head, ...(Array.isArray(item) ? lines : lines.map((line) => pad + line))];
  });
}

export function dumpYaml(value: unknown, style: YamlStyle): string {
  return `${blockLines(value ?? null, style).join('\n')}\n`;
}
