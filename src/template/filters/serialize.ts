/**
 * Ansible's data filters: JSON and YAML text both ways, base64, and hashes. `to_json` and `to_nice_json` write
 * JSON as Python's json.dumps does (`", "` and `": "` separators, non-ASCII as `\uXXXX`).
 */
import { createHash } from 'node:crypto';
import { CORE_SCHEMA, load, Type, YAMLException } from 'js-yaml';
import { EvalFailure } from '../errors';
import { dumpYaml } from '../yaml-dump';
import { isDict, isTruthy, toText, typeName } from '../values';
import { argument, type Filter } from './args';

interface JsonStyle {
  indent: number | undefined;
  isSorted: boolean;
}

function quoteJson(text: string): string {
  return JSON.stringify(text).replace(
    /[\u0080-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`
  );
}

/** Python's json.dumps(value, indent=…, sort_keys=…, ensure_ascii=True). */
export function dumpPythonJson(value: unknown, style: JsonStyle, depth = 0): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return quoteJson(value);
  if (typeof value === 'number')
    return Number.isFinite(value) ? String(value) : Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  if (typeof value === 'boolean') return String(value);
  const entries: Array<[string | undefined, unknown]> = Array.isArray(value)
    ? value.map((item) => [undefined, item])
    : Object.entries(value as Record<string, unknown>);
  if (isDict(value) && style.isSorted) entries.sort(([a], [b]) => ((a as string) < (b as string) ? -1 : 1));
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return open + close;
  const items = entries.map(([key, item]) => {
    const text = dumpPythonJson(item, style, depth + 1);
    return key === undefined ? text : `${quoteJson(key)}: ${text}`;
  });
  if (style.indent === undefined) return `${open}${items.join(', ')}${close}`;
  const inner = '\n' + ' '.repeat(style.indent * (depth + 1));
  return `${open}${inner}${items.join(`,${inner}`)}\n${' '.repeat(style.indent * depth)}${close}`;
}

function numberArgument(value: unknown, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new EvalFailure(`${what} must be a whole number, got ${typeName(value)}`);
  }
  return value;
}

/** YAML 1.1's booleans (also yes/no/on/off), as PyYAML reads them; replaces the core schema's. */
const YAML11_BOOL = new Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (text: string | null) =>
    text !== null && /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/.test(text),
  construct: (text: string) => /^(?:yes|on|true)$/i.test(text),
  predicate: (value: unknown) => typeof value === 'boolean',
  represent: (value: object) => (value.valueOf() === true ? 'true' : 'false'),
});
const FROM_YAML_SCHEMA = CORE_SCHEMA.extend({ implicit: [YAML11_BOOL] });

function parseText(input: unknown, name: string, parse: (text: string) => unknown): unknown {
  try {
    return parse(toText(input));
  } catch (error) {
    const reason = error instanceof YAMLException ? error.reason : (error as Error).message;
    throw new EvalFailure(`${name}: cannot read the text: ${reason}`);
  }
}

function encodingOf(value: unknown): BufferEncoding {
  const name = toText(value ?? 'utf-8').toLowerCase();
  if (name === 'utf-8' || name === 'utf8') return 'utf8';
  if (name === 'utf-16-le' || name === 'utf-16le') return 'utf16le';
  if (name === 'latin-1' || name === 'latin1') return 'latin1';
  throw new EvalFailure(`unsupported encoding "${name}" (utf-8, utf-16-le, latin-1)`);
}

const HASHES: Record<string, string> = {
  md5: 'md5',
  sha1: 'sha1',
  sha224: 'sha224',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
};

const hash: Filter = (input, call) => {
  const name = toText(argument(call, 0, 'hashtype', 'sha1'));
  const algorithm = Object.hasOwn(HASHES, name) ? HASHES[name] : undefined;
  if (!algorithm) throw new EvalFailure(`hash: unknown algorithm "${name}" (${Object.keys(HASHES).join(', ')})`);
  return createHash(algorithm).update(toText(input), 'utf8').digest('hex');
};

export const SERIALIZE_FILTERS: Record<string, Filter> = {
  to_json: (input) => dumpPythonJson(input, { indent: undefined, isSorted: false }),
  to_nice_json: (input, call) => {
    const indent = numberArgument(argument(call, 0, 'indent'), 4, 'to_nice_json: indent');
    return dumpPythonJson(input, { indent, isSorted: isTruthy(call.kwargs.sort_keys ?? true) });
  },
  from_json: (input, call) => parseText(input, call.name, (text) => JSON.parse(text) as unknown),
  to_yaml: (input, call) => {
    const indent = numberArgument(argument(call, 0, 'indent'), 2, 'to_yaml: indent');
    return dumpYaml(input, { indent, isFlowForScalars: true });
  },
  to_nice_yaml: (input, call) => {
    const indent = numberArgument(argument(call, 0, 'indent'), 4, 'to_nice_yaml: indent');
    return dumpYaml(input, { indent, isFlowForScalars: false });
  },
  from_yaml: (input, call) => parseText(input, call.name, (text) => load(text, { schema: FROM_YAML_SCHEMA })),
  b64encode: (input, call) => Buffer.from(toText(input), encodingOf(argument(call, 0, 'encoding'))).toString('base64'),
  b64decode: (input, call) => Buffer.from(toText(input), 'base64').toString(encodingOf(argument(call, 0, 'encoding'))),
  hash,
};
