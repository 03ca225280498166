/** The functions a template may call: `range(…)`, `namespace(…)`, `dict(…)`. Nothing else runs. */
import { EvalFailure } from './errors';
import { describeValue, type Dict } from './values';

const MAX_RANGE = 100_000;
const NAMESPACES = new WeakSet<object>();

export const FUNCTION_NAMES = ['range', 'namespace', 'dict'] as const;

/** Whether `value` came from `namespace()`: the one object `{% set ns.x = … %}` may change. */
export function isNamespace(value: object): boolean {
  return NAMESPACES.has(value);
}

function range(args: unknown[]): number[] {
  if (!args.every((arg) => typeof arg === 'number' && Number.isInteger(arg))) {
    throw new EvalFailure(`range expects integers, got ${args.map(describeValue).join(', ')}`);
  }
  const [a, b, step = 1] = args as number[];
  const [start, stop] = b === undefined ? [0, a ?? 0] : [a ?? 0, b];
  if (step === 0) throw new EvalFailure('range step must not be zero');
  const count = Math.max(0, Math.ceil((stop - start) / step));
  if (count > MAX_RANGE) throw new EvalFailure(`range of ${count} items is too large`);
  return Array.from({ length: count }, (_, i) => start + i * step);
}

function namespace(kwargs: Dict): Dict {
  const object: Dict = { ...kwargs };
  NAMESPACES.add(object);
  return object;
}

export function callFunction(name: string, args: unknown[], kwargs: Dict): unknown {
  switch (name) {
    case 'range':
      return range(args);
    case 'namespace':
      return namespace(kwargs);
    case 'dict':
      return { ...kwargs };
    default:
      throw new EvalFailure(`unknown function "${name}" (known: ${FUNCTION_NAMES.join(', ')})`);
  }
}
