/**
 * Runs a command for an action or a write (ovirt-api.md §7.1): inside the request's Correlation-Id; an action
 * answers its own body echoed with `status: complete`, the entity reference and the command's job; a refusal
 * becomes the failed action body with its fault.
 */
import { toApiFault } from '../api-fault';
import type { InputObject } from '../input';
import type { ApiRequest, ApiResult } from '../request';
import { ok } from '../request';
import type { NodeObject } from '../values';
import { entity, ref } from '../values';

/** The request body as it goes back in the action answer (scalars kept as sent). */
function echo(body: InputObject): NodeObject {
  return JSON.parse(JSON.stringify(body)) as NodeObject;
}

function jobRef(req: ApiRequest): NodeObject | undefined {
  const jobs = req.world.state.jobs;
  for (let i = jobs.length - 1; i >= 0; i--) {
    const job = jobs[i];
    if (job?.correlationId === req.correlationId) return ref('jobs', job.id);
  }
  return undefined;
}

/** Run `command` as part of this request (its events and jobs carry the Correlation-Id). */
export function runCommand<T>(req: ApiRequest, command: () => T): T {
  return req.world.withCorrelation(req.correlationId, command);
}

export interface ActionTarget {
  /** The entity element of the answer (host, vm). */
  type: string;
  /** Collection path segment (hosts, vms). */
  path: string;
  id: string;
}

export function runAction(req: ApiRequest, target: ActionTarget, command: () => NodeObject | void): ApiResult {
  const base = echo(req.body);
  try {
    const extra = runCommand(req, command) ?? {};
    const job = jobRef(req);
    return ok(
      entity('action', {
        ...base,
        ...extra,
        status: 'complete',
        [target.type]: ref(target.path, target.id),
        ...(job ? { job } : {}),
      })
    );
  } catch (error) {
    const fault = toApiFault(error);
    if (fault === undefined) throw error;
    throw fault.inAction(base);
  }
}
