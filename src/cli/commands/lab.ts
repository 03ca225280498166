/** `runbook lab start|status|stop|reset|fail TARGET|recover TARGET|dirty-rate VM RATE`: the embedded lab (docs/lab.md). */
import type { Command } from 'commander';
import type * as LabModule from '../lab';
import type { CliContext } from '../context';
import { processIo, type CliIo } from '../io';
import type { InventoryOption, LabStartFlags } from '../lab';
import { DEFAULT_INVENTORY_HELP } from './options';

export function registerLabCommand(program: Command, context?: CliContext): void {
  const io = (): CliIo => context?.io ?? processIo();
  const lab = program
    .command('lab')
    .description('the embedded lab: an engine API and SSH hosts on loopback addresses (docs/lab.md)');
  lab
    .command('start')
    .description('start the lab (foreground until Ctrl-C, or --detach)')
    .option('-i, --inventory <file>', `the lab inventory (default: ${DEFAULT_INVENTORY_HELP})`)
    .option('--preinstalled', 'a new lab starts with the cluster installed (for drills)')
    .option('--speed <n>', 'virtual-clock speed (60 = a virtual minute per second)')
    .option('--free-ports', "listen on free ports instead of the inventory's")
    .option('--detach', 'run in the background; output goes to .runbook/lab/lab.log')
    .action((options: LabStartFlags) => loadLab().start(io(), options));
  lab
    .command('status')
    .description('sites, hosts (status, SPM, power) and where each VM runs')
    .option('-i, --inventory <file>', `the lab inventory (default: ${DEFAULT_INVENTORY_HELP})`)
    .option('--json', 'print the status as JSON')
    .action((options: InventoryOption & { json?: boolean }) => loadLab().status(io(), options));
  lab
    .command('stop')
    .description('stop a running lab (its state is kept)')
    .action(() => loadLab().stop(io()));
  lab
    .command('reset')
    .description('delete .runbook/lab: the next start builds a new lab')
    .action(() => loadLab().reset(io()));
  for (const [verb, isPoweredOn] of [
    ['fail', false],
    ['recover', true],
  ] as const) {
    lab
      .command(`${verb} <target>`)
      .description(`power a host or a site (primary, secondary, or its name) ${isPoweredOn ? 'on' : 'off'}`)
      .option('-i, --inventory <file>', `the lab inventory (default: ${DEFAULT_INVENTORY_HELP})`)
      .action((target: string, options: InventoryOption) => loadLab().setPower(io(), target, isPoweredOn, options));
  }
  lab
    .command('dirty-rate <vm> <rate>')
    .description(
      "how fast a VM's guest dirties its memory (e.g. 200MiB/s): near the migration bandwidth it never converges"
    )
    .option('-i, --inventory <file>', `the lab inventory (default: ${DEFAULT_INVENTORY_HELP})`)
    .action((vm: string, rate: string, options: InventoryOption) => loadLab().setDirtyRate(io(), vm, rate, options));
}

/** Loaded when the command runs, not at start-up (see main.ts). */
function loadLab(): typeof LabModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return require('../lab') as typeof LabModule;
}
