/** `runbook trust [-i FILE] [--yes] [--replace]`: record the CA an engine serves (see ../trust.ts). */
import type { Command } from 'commander';
import type * as TrustModule from '../trust';
import type { CliContext } from '../context';
import { DEFAULT_INVENTORY_HELP } from './options';

const EXAMPLES = `
Examples:
  $ runbook trust -i inventories/prod.yaml            # show the engine's CA fingerprint, ask, record it
  $ runbook trust -i inventories/prod.yaml --replace  # after the engine's CA was really replaced

The CA goes to the inventory's engine.ca_file; its fingerprint to .runbook/known_engines (docs/production.md).
`;

export function registerTrustCommand(program: Command, context: CliContext): void {
  program
    .command('trust')
    .description("fetch the engine's CA once, show its SHA-256 fingerprint, and record it (as ssh-keyscan/known_hosts)")
    .option('-i, --inventory <file>', `the inventory file (default: ${DEFAULT_INVENTORY_HELP})`)
    .option('-y, --yes', 'trust without asking (check the fingerprint shown first)')
    .option(
      '--replace',
      'accept a CA that differs from the recorded one (after confirming it with the engine administrator)'
    )
    .addHelpText('after', EXAMPLES)
    .action(async (opts: { inventory?: string; yes?: boolean; replace?: boolean }) => {
      context.exitCode = await loadTrust().runTrustCommand(opts, context.io);
    });
}

/** Loaded when the command runs, not at start-up (see main.ts). */
function loadTrust(): typeof TrustModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return require('../trust') as typeof TrustModule;
}
