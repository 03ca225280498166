/**
 * Engine jobs (ovirt-api.md §7.2): every command run through the API gets one, tagged with its Correlation-Id;
 * commands that leave work running (maintenance, migration, start) finish their job when the host or VM reaches
 * the awaited status. Descriptions follow the engine's ExecutionMessages.properties.
 */
import type { JobAwait, JobRecord } from './model';
import { JobStatus } from './model';
import type { World } from './world';

export function startJob(world: World, description: string, awaiting?: JobAwait): JobRecord {
  const now = world.now();
  const job: JobRecord = {
    id: world.newId(),
    description,
    status: JobStatus.STARTED,
    correlationId: world.correlationId ?? world.newId(),
    startTime: now,
    lastUpdated: now,
    ...(awaiting !== undefined ? { awaiting } : {}),
  };
  world.state.jobs.push(job);
  if (awaiting === undefined) endJob(world, job, JobStatus.FINISHED);
  return job;
}

export function endJob(world: World, job: JobRecord, status: JobStatus): void {
  job.status = status;
  job.endTime = world.now();
  job.lastUpdated = job.endTime;
  delete job.awaiting;
}

function awaitedStatus(world: World, awaiting: JobAwait): string | undefined {
  if (awaiting.hostId !== undefined) return world.host(awaiting.hostId)?.status ?? 'removed';
  if (awaiting.vmId !== undefined) return world.vm(awaiting.vmId)?.status;
  return undefined;
}

/** Settle hook: finish the jobs whose host or VM reached the awaited status. */
export function settleJobs(world: World): void {
  for (const job of world.state.jobs) {
    if (job.status !== JobStatus.STARTED || job.awaiting === undefined) continue;
    const status = awaitedStatus(world, job.awaiting);
    if (status === undefined) continue;
    if (job.awaiting.doneOn.includes(status)) endJob(world, job, JobStatus.FINISHED);
    else if (job.awaiting.failOn.includes(status)) endJob(world, job, JobStatus.FAILED);
  }
}
