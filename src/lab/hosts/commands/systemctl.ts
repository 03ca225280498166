/**
 * systemctl over the host's services (units appear when their packages are installed), with systemd's exit codes:
 * is-active 3 when inactive, status 3 inactive / 4 unknown unit, start 5 for a unit that does not exist.
 */
import { serviceSpec } from '../catalog';
import type { CommandContext, CommandHandler } from '../shell/context';
import type { ServiceState } from '../types';
import { fail, isRoot, printLine, splitArgs } from './output';

const MUTATING = [
  'start',
  'stop',
  'restart',
  'reload',
  'try-restart',
  'reload-or-restart',
  'enable',
  'disable',
  'mask',
  'unmask',
];
const STATUS_INACTIVE = 3;
const STATUS_NO_UNIT = 4;
const STATUS_NOT_FOUND = 5;

function unitName(name: string): string {
  return name.replace(/\.service$/, '');
}

function systemctl(ctx: CommandContext, args: readonly string[]): number {
  const { flags, operands } = splitArgs(args, ['t', 'type', 'p', 'property', 'n', 'lines', 'o', 'output']);
  const [verb = 'list-units', ...units] = operands;
  const isQuiet = flags.has('q') || flags.has('quiet');
  if (verb === 'daemon-reload') return isRoot(ctx) ? 0 : fail(ctx, 'Failed to reload daemon: Access denied', 1);
  if (MUTATING.includes(verb)) {
    if (units.length === 0) return fail(ctx, `Too few arguments.`);
    if (!isRoot(ctx))
      return fail(
        ctx,
        `Failed to ${verb} ${units.map((unit) => `${unitName(unit)}.service`).join(' ')}: Access denied`,
        4
      );
    return changeUnits(ctx, verb, units.map(unitName), flags.has('now'));
  }
  switch (verb) {
    case 'is-active':
      return reportEach(
        ctx,
        units,
        isQuiet,
        (state) => (state?.isActive ? 'active' : 'inactive'),
        (state) => state?.isActive === true
      );
    case 'is-enabled':
      return isEnabled(ctx, units.map(unitName), isQuiet);
    case 'is-failed':
      // No simulated unit ever fails, so is-failed is always false (exit 1).
      return (
        reportEach(
          ctx,
          units,
          isQuiet,
          (state) => (state?.isActive ? 'active' : 'inactive'),
          () => false
        ) && 1
      );
    case 'status':
      return status(ctx, units.map(unitName));
    case 'show':
      return show(ctx, units.map(unitName));
    case 'list-units':
      return listUnits(ctx);
    default:
      return fail(ctx, `Unknown command verb ${verb}.`);
  }
}

function serviceOf(ctx: CommandContext, unit: string): ServiceState | undefined {
  return ctx.host.state.services[unitName(unit)];
}

/** One line per unit; exit 0 only if every unit passes. */
function reportEach(
  ctx: CommandContext,
  units: readonly string[],
  isQuiet: boolean,
  describe: (state: ServiceState | undefined) => string,
  isPassing: (state: ServiceState | undefined) => boolean
): number {
  let status = 0;
  for (const unit of units) {
    const state = serviceOf(ctx, unit);
    if (!isQuiet) printLine(ctx, describe(state));
    if (!isPassing(state)) status = STATUS_INACTIVE;
  }
  return status;
}

function isEnabled(ctx: CommandContext, units: readonly string[], isQuiet: boolean): number {
  let status = 0;
  for (const unit of units) {
    const state = serviceOf(ctx, unit);
    if (!state) {
      status = fail(ctx, `Failed to get unit file state for ${unit}.service: No such file or directory`);
      continue;
    }
    if (!isQuiet) printLine(ctx, state.isEnabled ? 'enabled' : 'disabled');
    if (!state.isEnabled) status = 1;
  }
  return status;
}

function changeUnits(ctx: CommandContext, verb: string, units: readonly string[], isNow: boolean): number {
  const missing = units.find((unit) => !serviceOf(ctx, unit));
  if (missing !== undefined) {
    const message =
      verb === 'enable' || verb === 'disable'
        ? `Failed to ${verb} unit: Unit file ${missing}.service does not exist.`
        : `Failed to ${verb} ${missing}.service: Unit ${missing}.service not found.`;
    return fail(ctx, message, verb === 'enable' || verb === 'disable' ? 1 : STATUS_NOT_FOUND);
  }
  for (const unit of units) {
    const state = serviceOf(ctx, unit) as ServiceState;
    if (verb === 'enable' || verb === 'disable') {
      const isEnabling = verb === 'enable';
      if (state.isEnabled !== isEnabling && isEnabling)
        printLine(
          ctx,
          `Created symlink /etc/systemd/system/multi-user.target.wants/${unit}.service → /usr/lib/systemd/system/${unit}.service.`
        );
      if (state.isEnabled !== isEnabling && !isEnabling)
        printLine(ctx, `Removed /etc/systemd/system/multi-user.target.wants/${unit}.service.`);
      state.isEnabled = isEnabling;
      if (isNow) state.isActive = isEnabling;
    } else if (verb !== 'mask' && verb !== 'unmask') {
      state.isActive = verb !== 'stop' && (verb !== 'try-restart' || state.isActive);
    }
  }
  ctx.host.world.markChanged();
  return 0;
}

function status(ctx: CommandContext, units: readonly string[]): number {
  let result = 0;
  for (const unit of units) {
    const state = serviceOf(ctx, unit);
    if (!state) {
      result = fail(ctx, `Unit ${unit}.service could not be found.`, STATUS_NO_UNIT);
      continue;
    }
    const description = serviceSpec(unit)?.spec.description ?? unit;
    printLine(ctx, `${state.isActive ? '●' : '○'} ${unit}.service - ${description}`);
    printLine(
      ctx,
      `   Loaded: loaded (/usr/lib/systemd/system/${unit}.service; ${state.isEnabled ? 'enabled' : 'disabled'}; vendor preset: disabled)`
    );
    printLine(ctx, `   Active: ${state.isActive ? 'active (running)' : 'inactive (dead)'}`);
    if (!state.isActive && result === 0) result = STATUS_INACTIVE;
  }
  return result;
}

function show(ctx: CommandContext, units: readonly string[]): number {
  for (const unit of units) {
    const state = serviceOf(ctx, unit);
    printLine(ctx, `Id=${unit}.service`);
    printLine(ctx, `LoadState=${state ? 'loaded' : 'not-found'}`);
    printLine(ctx, `ActiveState=${state?.isActive ? 'active' : 'inactive'}`);
    printLine(ctx, `SubState=${state?.isActive ? 'running' : 'dead'}`);
    printLine(ctx, `UnitFileState=${state ? (state.isEnabled ? 'enabled' : 'disabled') : ''}`);
  }
  return 0;
}

function listUnits(ctx: CommandContext): number {
  for (const [unit, state] of Object.entries(ctx.host.state.services).sort()) {
    if (!state.isActive) continue;
    printLine(
      ctx,
      `  ${`${unit}.service`.padEnd(40)} loaded active running ${serviceSpec(unit)?.spec.description ?? unit}`
    );
  }
  return 0;
}

export const SYSTEMCTL_COMMANDS: Record<string, CommandHandler> = { systemctl };
