/**
 * `ssh.service`: a systemd unit's state (started, stopped, restarted) and enablement. Plan asks
 * `systemctl is-active` and `is-enabled` (read-only) and reports only what differs; `restarted` always restarts.
 */
import { quoteShellWord } from '../../ssh/quote';
import type { Change, StepModule } from '../types';
import { planChanges, planNone } from '../types';
import { SshModuleArgsError } from './errors';
import { probe, runRemote, sessionOf } from './target';

export const ServiceState = { STARTED: 'started', STOPPED: 'stopped', RESTARTED: 'restarted' } as const;
export type ServiceState = (typeof ServiceState)[keyof typeof ServiceState];

export interface SshServiceArgs {
  name: string;
  state?: ServiceState;
  enabled?: boolean;
  become?: boolean;
}

const NAME = 'ssh.service';

/** The systemctl verbs that make the changes, in order. */
interface ServicePlanData {
  verbs: string[];
}

function stateChange(state: ServiceState | undefined, active: string): { change: Change; verb: string } | undefined {
  const isActive = active === 'active' || active === 'activating' || active === 'reloading';
  if (state === ServiceState.RESTARTED)
    return { change: { path: 'state', from: active, to: 'restarted' }, verb: 'restart' };
  if (state === ServiceState.STARTED && !isActive)
    return { change: { path: 'state', from: active, to: 'active' }, verb: 'start' };
  if (state === ServiceState.STOPPED && isActive)
    return { change: { path: 'state', from: active, to: 'inactive' }, verb: 'stop' };
  return undefined;
}

export const sshService: StepModule<SshServiceArgs, ServicePlanData> = {
  name: NAME,
  description:
    'Start, stop or restart a systemd service and enable or disable it; planned with systemctl is-active/is-enabled.',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1, description: 'The systemd unit (`ovirt-engine`, `vdsmd.service`).' },
      state: {
        type: 'string',
        enum: Object.values(ServiceState),
        description: 'started / stopped (only when needed), or restarted (always a change).',
      },
      enabled: { type: 'boolean', description: 'Start at boot (systemctl enable) or not.' },
      become: { type: 'boolean', description: 'Run systemctl through sudo (default: the host’s `become`).' },
    },
    required: ['name'],
    additionalProperties: false,
  },
  async plan(ctx, args) {
    if (args.state === undefined && args.enabled === undefined) {
      throw new SshModuleArgsError(NAME, ctx.stepId, 'needs state or enabled');
    }
    const session = await sessionOf(ctx, NAME);
    const unit = quoteShellWord(args.name);
    const query = await probe(
      ctx,
      session,
      `systemctl is-active -- ${unit}; systemctl is-enabled -- ${unit}; true`,
      args.become
    );
    const [active = '', enabled = ''] = query.stdout.split('\n').map((l) => l.trim());
    if (enabled === '' && /not found|No such file/i.test(query.stderr)) {
      throw new SshModuleArgsError(NAME, ctx.stepId, `no unit ${args.name} on ${session.host}`);
    }
    const changes: Change[] = [];
    const verbs: string[] = [];
    if (args.enabled !== undefined && (enabled === 'enabled') !== args.enabled) {
      changes.push({ path: 'enabled', from: enabled, to: args.enabled ? 'enabled' : 'disabled' });
      verbs.push(args.enabled ? 'enable' : 'disable');
    }
    const state = stateChange(args.state, active);
    if (state) {
      changes.push(state.change);
      verbs.push(state.verb);
    }
    const result = { name: args.name, active, enabled };
    return changes.length === 0 ? planNone(result) : { ...planChanges(changes, { verbs }), result };
  },
  async apply(ctx, args, plan) {
    const session = await sessionOf(ctx, NAME);
    const verbs = plan.data?.verbs ?? [];
    for (const verb of verbs) {
      await runRemote(ctx, NAME, session, ['systemctl', verb, '--', args.name], {
        ...(args.become !== undefined ? { become: args.become } : {}),
      });
    }
    return { result: { name: args.name, changed: verbs.length > 0, actions: verbs } };
  },
};
