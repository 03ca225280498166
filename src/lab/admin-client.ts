/** Talking to a running lab's control endpoint (see admin.ts) from `runbook lab status|fail|recover|stop`. */
import { RunbookError, ExitCode } from '../shared/errors';
import type { LabRuntimeRecord } from './runtime-file';
import type { LabStatus } from './status';

/** The running lab could not be reached. */
export class LabAdminError extends RunbookError {
  constructor(message: string, cause?: unknown) {
    super(message, {
      code: 'LAB_UNREACHABLE',
      exitCode: ExitCode.CONNECTION,
      cause,
      hint: 'is the lab still running? `runbook lab status`',
    });
  }
}

/** The running lab refused the request (an unknown target, for example). */
export class LabRequestError extends RunbookError {
  constructor(message: string) {
    super(message, { code: 'LAB_REQUEST_REFUSED', exitCode: ExitCode.USAGE });
  }
}

export async function callLabAdmin(
  record: LabRuntimeRecord,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${record.adminUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${record.token}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (error) {
    throw new LabAdminError(`the lab (pid ${record.pid}) does not answer at ${record.adminUrl}`, error);
  }
  const payload = (await response.json().catch(() => ({}))) as { error?: string };
  if (!response.ok) throw new LabRequestError(payload.error ?? `the lab answered ${response.status}`);
  return payload;
}

export async function fetchLabStatus(record: LabRuntimeRecord): Promise<LabStatus> {
  return (await callLabAdmin(record, 'GET', '/status')) as LabStatus;
}
