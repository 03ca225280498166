/** `runbook inventory show [-i FILE]`: the hosts and the VMs of an inventory. */
import type { Command } from 'commander';
import type * as InventoryLoaderModule from '../../inventory/load';
import type * as InventoryShowModule from '../inventory-show';
import type { CliContext } from '../context';
import type * as ProjectModule from '../project';
import { DEFAULT_INVENTORY_HELP } from './options';

export function registerInventoryCommand(program: Command, context: CliContext): void {
  const inventory = program.command('inventory').description('inspect an inventory');
  inventory
    .command('show')
    .description('list the hosts (site, address, port, user, groups) and the VMs per site')
    .option('-i, --inventory <file>', `the inventory file (default: ${DEFAULT_INVENTORY_HELP})`)
    .action(async (opts: { inventory?: string }) => {
      const { io } = context;
      const path = loadProject().resolveInventoryPath(opts.inventory, io.cwd, io.env);
      const loaded = await loadInventoryLoader().loadInventory(path);
      context.io.stdout.write(loadInventoryShow().formatInventory(loaded));
    });
}

/** Loaded when the command runs, not at start-up (see main.ts). */
function loadInventoryLoader(): typeof InventoryLoaderModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return require('../../inventory/load') as typeof InventoryLoaderModule;
}

/** Loaded when the command runs, not at start-up (see main.ts). */
function loadInventoryShow(): typeof InventoryShowModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return require('../inventory-show') as typeof InventoryShowModule;
}

/** Loaded when the command runs, not at start-up (see main.ts). */
function loadProject(): typeof ProjectModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return require('../project') as typeof ProjectModule;
}
