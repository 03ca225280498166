/**
 * Reads YAML (js-yaml's safe default schema) and remembers where every value and key is written, so that
 * loaders can report `file:line:col path: message`. Positions come from js-yaml's parse-event listener.
 */
import { load, YAMLException, type State } from 'js-yaml';
import { ValidationError } from './errors';
import type { Problem } from './errors';
import { YamlLimitExceeded, YamlLimitGuard } from './yaml-limits';

export type PathSegment = string | number;

export interface SourcePoint {
  line: number;
  column: number;
}

interface Frame {
  start: number;
  children: Frame[];
  result?: unknown;
}

/** `steps[3].hosts`, `sites.primary.hosts.kvm-a1`. */
export function formatPath(path: readonly PathSegment[]): string {
  return path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join('');
}

/** A map key for a path (an index and a mapping key never share a position, so `#3` cannot clash). */
function pathKey(path: readonly PathSegment[]): string {
  return path.map((seg) => (typeof seg === 'number' ? `#${seg}` : seg)).join('\u0000');
}

/** Where each value (and each mapping key) of a document is written. */
export class PositionMap {
  private readonly values = new Map<string, number>();
  private readonly keys = new Map<string, number>();
  private readonly lineStarts: number[];

  constructor(private readonly text: string) {
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  recordValue(path: readonly PathSegment[], offset: number): void {
    this.values.set(pathKey(path), skipBlank(this.text, offset));
  }

  recordKey(path: readonly PathSegment[], offset: number): void {
    this.keys.set(pathKey(path), skipBlank(this.text, offset));
  }

  /** Where the value at `path` starts; the nearest written ancestor when it is not written (defaults, merges). */
  valueAt(path: readonly PathSegment[]): SourcePoint {
    for (let n = path.length; n >= 0; n--) {
      const offset = this.values.get(pathKey(path.slice(0, n)));
      if (offset !== undefined) return this.pointAt(offset);
    }
    return { line: 1, column: 1 };
  }

  /**
   * Where character `offset` of the string value at `path` is written: inside a plain or quoted one-line scalar
   * or a literal block (`|`); where the value starts when the text cannot be lined up with the source.
   */
  pointInValue(path: readonly PathSegment[], value: string, offset: number): SourcePoint {
    const start = this.values.get(pathKey(path));
    if (start === undefined) return this.valueAt(path);
    const candidate = this.locateInScalar(start, value, offset);
    const expected = value.slice(offset, offset + 8).split('\n')[0] as string;
    const isLinedUp = candidate !== undefined && this.text.startsWith(expected, candidate);
    return this.pointAt(isLinedUp ? candidate : start);
  }

  private locateInScalar(start: number, value: string, offset: number): number | undefined {
    const before = value.slice(0, offset);
    const opener = this.text[start];
    if (opener !== '|') {
      if (before.includes('\n') || opener === '>') return undefined;
      return start + offset + (opener === '"' || opener === "'" ? 1 : 0);
    }
    const lineIndex = before.split('\n').length - 1;
    const column = offset - (before.lastIndexOf('\n') + 1);
    let lineStart = this.text.indexOf('\n', start) + 1;
    const indent = /^ */.exec(this.text.slice(lineStart).replace(/^(?:[ ]*\n)+/, ''))?.[0].length ?? 0;
    for (let i = 0; i < lineIndex && lineStart > 0; i++) lineStart = this.text.indexOf('\n', lineStart) + 1;
    return lineStart > 0 ? lineStart + indent + column : undefined;
  }

  /** Where the key of the entry at `path` is written, else where its value is. */
  keyAt(path: readonly PathSegment[]): SourcePoint {
    const offset = this.keys.get(pathKey(path));
    return offset !== undefined ? this.pointAt(offset) : this.valueAt(path);
  }

  pointAt(offset: number): SourcePoint {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if ((this.lineStarts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (this.lineStarts[low] as number) + 1 };
  }
}

/** Skips spaces, line breaks and comments: parse events often start just after the `:` of a key. */
function skipBlank(text: string, offset: number): number {
  let i = offset;
  while (i < text.length) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') i++;
    else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1] as string)))
      while (i < text.length && text[i] !== '\n') i++;
    else break;
  }
  return i < text.length ? i : offset;
}

export type YamlParseResult =
  | { isOk: true; data: unknown; positions: PositionMap }
  | { isOk: false; problem: Problem; isOverLimit?: boolean };

/** A document over the limits of hostile YAML (too deep, an alias bomb): refused whatever reads it. */
export class YamlLimitError extends ValidationError {}

/**
 * Parses one YAML document; a syntax error, or a document over the limits of yaml-limits.ts (nesting, alias
 * expansion), becomes one problem with its position.
 */
export function parseYaml(text: string, file: string): YamlParseResult {
  const root: Frame = { start: 0, children: [] };
  const stack: Frame[] = [root];
  const guard = new YamlLimitGuard(text);
  const listener = (type: 'open' | 'close', state: State): void => {
    if (type === 'open') {
      guard.enter(state.position);
      const frame: Frame = { start: state.position, children: [] };
      (stack.at(-1) as Frame).children.push(frame);
      stack.push(frame);
    } else if (stack.length > 1) {
      const frame = stack.pop() as Frame;
      frame.result = state.result;
      guard.leave(frame.start, state.result);
    }
  };
  try {
    const data = load(text, { filename: file, listener });
    const positions = new PositionMap(text);
    const top = root.children[0];
    if (top) recordFrame(unwrap(top), [], positions);
    return { isOk: true, data, positions };
  } catch (error) {
    if (error instanceof YAMLException) return { isOk: false, problem: describeYamlError(error, text, file) };
    if (error instanceof YamlLimitExceeded) {
      const point = new PositionMap(text).pointAt(error.offset);
      return { isOk: false, problem: { file, ...point, message: error.message }, isOverLimit: true };
    }
    throw error;
  }
}

/** The data of one YAML document (without positions), under the same limits; throws ValidationError. */
export function loadYaml(text: string, file: string): unknown {
  const parsed = parseYaml(text, file);
  if (!parsed.isOk) {
    throw parsed.isOverLimit === true ? new YamlLimitError([parsed.problem]) : new ValidationError([parsed.problem]);
  }
  return parsed.data;
}

/** A frame whose only child built the same value is a wrapper js-yaml opened while guessing the node kind. */
function unwrap(frame: Frame): Frame {
  let current = frame;
  while (current.children.length === 1 && Object.is((current.children[0] as Frame).result, current.result)) {
    current = current.children[0] as Frame;
  }
  return current;
}

function recordFrame(frame: Frame, path: PathSegment[], positions: PositionMap): void {
  positions.recordValue(path, frame.start);
  const value = frame.result;
  const children = frame.children.map(unwrap);
  if (Array.isArray(value) && children.length === value.length) {
    children.forEach((child, i) => recordFrame(child, [...path, i], positions));
  } else if (value !== null && typeof value === 'object' && !Array.isArray(value) && children.length % 2 === 0) {
    for (let i = 0; i < children.length; i += 2) {
      const keyFrame = children[i] as Frame;
      const childPath = [...path, String(keyFrame.result)];
      positions.recordKey(childPath, keyFrame.start);
      recordFrame(children[i + 1] as Frame, childPath, positions);
    }
  }
}

function describeYamlError(error: YAMLException, text: string, file: string): Problem {
  const reason = error.reason || error.message;
  const tag = /^unknown tag !<tag:yaml\.org,2002:(.*)>$/.exec(reason);
  if (tag) return unknownTagProblem(`!!${tag[1] as string}`, error, text, file);
  const custom = /^unknown tag !<(.*)>$/.exec(reason);
  if (custom) return unknownTagProblem(custom[1] as string, error, text, file);
  const mark = error.mark as { line: number; column: number } | undefined;
  if (!mark) return { file, ...findSecondDocument(text), message: `YAML: ${reason}` };
  const point = { line: mark.line + 1, column: mark.column + 1 };
  if (reason === 'duplicated mapping key') {
    const key = /^\s*(?:-\s+)?["']?([^"':]+)/.exec(lineText(text, mark.line))?.[1]?.trim();
    return { file, ...point, message: `YAML: duplicate key${key ? ` "${key}"` : ''}` };
  }
  return { file, ...point, message: `YAML: ${reason}` };
}

function lineText(text: string, zeroBasedLine: number): string {
  return text.split('\n')[zeroBasedLine] ?? '';
}

function unknownTagProblem(tag: string, error: YAMLException, text: string, file: string): Problem {
  const mark = error.mark as { line: number; column: number };
  const line = lineText(text, mark.line);
  const shortTag = tag.startsWith('!!') ? tag : `!<${tag}>`;
  const at = Math.max(line.indexOf(tag.startsWith('!!') ? tag : '!'), 0);
  return {
    file,
    line: mark.line + 1,
    column: at + 1,
    message: `YAML: tag ${shortTag} is not allowed: only plain YAML values (strings, numbers, booleans, lists, maps)`,
  };
}

function findSecondDocument(text: string): SourcePoint {
  const lines = text.split('\n');
  const markers = lines.flatMap((line, i) => (/^(---|\.\.\.)(\s|$)/.test(line) ? [i + 1] : []));
  return { line: markers.at(-1) ?? 1, column: 1 };
}
