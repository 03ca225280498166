/** Poll an object until its status is one of those awaited, recording every distinct status seen. */
import type { WaitClock } from '../engine-clock';
import type { StatusWaitOptions } from '../types';
import { OlvmUnexpectedStatusError, recordTransition, waitFor } from '../wait';

export interface StatusWaitSpec<S extends string, T extends { status: S }> {
  /** `host kvm-a1` */
  subject: string;
  read: () => Promise<T>;
  statuses: readonly S[];
  options: StatusWaitOptions<S>;
  /** The engine's clock, unless the options name another. */
  clock: WaitClock;
}

export async function waitForStatus<S extends string, T extends { status: S }>(
  spec: StatusWaitSpec<S, T>
): Promise<{ value: T; trail: S[] }> {
  const trail: S[] = [];
  const value = await waitFor(
    async () => {
      const current = await spec.read();
      recordTransition(trail, current.status);
      if (spec.statuses.includes(current.status)) return current;
      if (spec.options.failOn?.includes(current.status)) {
        throw new OlvmUnexpectedStatusError(spec.subject, current.status, spec.statuses, trail);
      }
      return undefined;
    },
    {
      clock: spec.clock,
      ...spec.options,
      description: spec.options.description ?? `${spec.subject} to reach ${spec.statuses.join(' or ')}`,
    },
    () => (trail.length > 0 ? `seen: ${trail.join(' → ')}` : undefined)
  );
  return { value, trail };
}
