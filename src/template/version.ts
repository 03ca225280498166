/**
 * Ansible's `version` test: `'1.2.3' is version('1.2.0', '>=')`, comparing as `loose` (default: numbers and
 * words in order, as distutils' LooseVersion), `strict` (`1.2`, `1.2.3`, `1.2a1`) or `semver`/`semantic`.
 */
import { EvalFailure } from './errors';
import { isTruthy, toText } from './values';

const OPERATORS: Record<string, (order: number) => boolean> = {
  '==': (o) => o === 0,
  '=': (o) => o === 0,
  eq: (o) => o === 0,
  '<': (o) => o < 0,
  lt: (o) => o < 0,
  '<=': (o) => o <= 0,
  le: (o) => o <= 0,
  '>': (o) => o > 0,
  gt: (o) => o > 0,
  '>=': (o) => o >= 0,
  ge: (o) => o >= 0,
  '!=': (o) => o !== 0,
  '<>': (o) => o !== 0,
  ne: (o) => o !== 0,
};
const EQUALITY = new Set(['==', '=', 'eq', '!=', '<>', 'ne']);

type Part = number | string;

function compareParts(a: readonly Part[], b: readonly Part[], isOrdered: boolean): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i] as Part, b[i] as Part];
    if (x === y) continue;
    if (typeof x !== typeof y) {
      if (!isOrdered) return 1;
      const [left, right] = [typeof x === 'number' ? 'int' : 'str', typeof y === 'number' ? 'int' : 'str'];
      throw new EvalFailure(`version comparison failed: cannot order ${left} and ${right} parts`);
    }
    return x < y ? -1 : 1;
  }
  return Math.sign(a.length - b.length);
}

function looseParts(version: string): Part[] {
  return version
    .split(/(\d+|[a-z]+|\.)/)
    .filter((part) => part !== '' && part !== '.')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function strictParts(version: string): Part[] {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?(?:([ab])(\d+))?$/.exec(version);
  if (!match) throw new EvalFailure(`invalid version number "${version}" for a strict comparison`);
  const [, major, minor, patch = '0', tag, serial] = match;
  // A release sorts after its pre-releases: 'z' after 'a' and 'b'.
  return [Number(major), Number(minor), Number(patch), tag ?? 'z', Number(serial ?? 0)];
}

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;

function compareSemver(a: string, b: string): number {
  const [x, y] = [SEMVER.exec(a), SEMVER.exec(b)];
  if (!x || !y) throw new EvalFailure(`invalid semantic version "${x ? b : a}"`);
  const core = compareParts(x.slice(1, 4).map(Number), y.slice(1, 4).map(Number), true);
  if (core !== 0) return core;
  const [pa, pb] = [x[4], y[4]];
  if (pa === undefined || pb === undefined) return pa === pb ? 0 : pa === undefined ? 1 : -1;
  const parts = (pre: string): Part[] => pre.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const [left, right] = [parts(pa), parts(pb)];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const [l, r] = [left[i] as Part, right[i] as Part];
    if (l === r) continue;
    if (typeof l !== typeof r) return typeof l === 'number' ? -1 : 1;
    return l < r ? -1 : 1;
  }
  return Math.sign(left.length - right.length);
}

function compareVersions(value: string, other: string, type: string, isOrdered: boolean): number {
  switch (type) {
    case 'loose':
      return compareParts(looseParts(value), looseParts(other), isOrdered);
    case 'strict':
      return compareParts(strictParts(value), strictParts(other), true);
    case 'semver':
    case 'semantic':
      return compareSemver(value, other);
    default:
      throw new EvalFailure(`version_type "${type}" is not supported (loose, strict, semver, semantic)`);
  }
}

export function testVersion(value: unknown, args: unknown[], kwargs: Record<string, unknown>): boolean {
  const other = args[0] ?? kwargs.version;
  if (other === undefined) throw new EvalFailure('version needs a version to compare with');
  const operator = toText(args[1] ?? kwargs.operator ?? 'eq');
  const check = Object.hasOwn(OPERATORS, operator) ? OPERATORS[operator] : undefined;
  if (!check) {
    throw new EvalFailure(`invalid version operator "${operator}" (one of ${Object.keys(OPERATORS).join(', ')})`);
  }
  const isStrict = isTruthy(args[2] ?? kwargs.strict ?? false);
  const type = toText(args[3] ?? kwargs.version_type ?? (isStrict ? 'strict' : 'loose'));
  return check(compareVersions(toText(value), toText(other), type, !EQUALITY.has(operator)));
}
