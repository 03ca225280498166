/** The options `exec` and `plan` share, parsed by commander (Ansible's spellings where Ansible has one). */
import type { Command } from 'commander';
import { collect, countVerbosity, parseList, parsePositiveInteger } from './options';

export function addRunOptions(command: Command): Command {
  return command
    .argument('<file>', 'the runbook (YAML): a path, or a name looked up in the project, then in the shipped runbooks')
    .option(
      '-i, --inventory <path>',
      'the inventory (default: $RUNBOOK_INVENTORY, else runbook.config.yaml, else inventories/lab.yaml)'
    )
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
    .option('-l, --limit <selector>', "only these targets: site:primary, kvm-a1,kvm-a2, or Ansible's all:!kvm-a1")
    .option('--start-at <step>', 'skip the steps before this one (says which registers they would have set)')
    .option('--only <ids>', 'run only these steps (comma-separated ids)', parseList)
    .option('-t, --tags <tags>', 'run only steps with one of these tags (comma-separated)', parseList)
    .option('--skip-tags <tags>', 'skip steps with one of these tags (comma-separated)', parseList)
    .option(
      '-e, --extra-var <vars>',
      'a variable: key=value (YAML value), @vars.yml, or \'{"key": "value"}\' (repeatable)',
      collect,
      []
    )
    .option('-D, --diff', 'show the content changes of files as unified diffs (always shown in a dry run)')
    .option('-v, --verbose', 'more detail per task: -v results, -vv plans and starts too', countVerbosity, 0)
    .option('--list-steps', 'list the steps that would run (id, module, targets, tags) and exit')
    .option('--list-tags', "list the runbook's tags and exit")
    .option('--list-hosts', 'list the hosts each step would run on and exit')
    .option('--json', 'print every event as one JSON line on stdout (no summary)');
}
