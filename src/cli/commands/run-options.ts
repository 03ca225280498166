/** The options `exec` and `plan` share, parsed by commander. */
import type { Command } from 'commander';
import { collect, DEFAULT_INVENTORY, parseList, parsePositiveInteger } from './options';

export function addRunOptions(command: Command): Command {
  return command
    .argument('<file>', 'the runbook (YAML)')
    .option('-i, --inventory <path>', `the inventory (default: ${DEFAULT_INVENTORY})`)
    .option(
      '--forks <n>',
      'targets of a step run at once unless the step sets parallel (default 10)',
      parsePositiveInteger
    )
    .option(
      '--waits <n>',
      'tasks that may wait on the engine at once (host installs, statuses), apart from the forks (default 50)',
      parsePositiveInteger
    )
    .option('--limit <selector>', 'only these targets, e.g. site:primary or kvm-a1,kvm-a2')
    .option('--start-at <step>', 'skip the steps before this one')
    .option('--only <ids>', 'run only these steps (comma-separated ids)', parseList)
    .option('--tags <tags>', 'run only steps with one of these tags (comma-separated)', parseList)
    .option('--skip-tags <tags>', 'skip steps with one of these tags (comma-separated)', parseList)
    .option(
      '-e, --extra-var <key=value|@file>',
      'set a runbook variable, or every key of a YAML file (repeatable; values read as YAML)',
      collect,
      []
    )
    .option('--json', 'print every event as one JSON line on stdout (no summary)');
}
