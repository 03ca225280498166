/**
 * Examples shown at the end of `runbook COMMAND --help`, for the commands whose files do not add their own.
 * (exec and plan carry theirs beside their options.)
 */
import type { Command } from 'commander';

export const COMMAND_EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  validate: [
    'runbook validate runbooks/install-standalone.yaml -i inventories/lab.yaml',
    'runbook validate dr-drill                          # finds runbooks/dr-drill.yaml',
    'runbook validate inventories/example-production.yaml',
  ],
  inventory: ['runbook inventory show', 'runbook inventory show -i inventories/example-production.yaml'],
  runs: ['runbook runs', 'runbook runs --json | jq \'select(.state == "failed")\''],
  log: ['runbook log 2026-11-25T02-18', 'runbook log 2026-11-25T02-18 --step add-hosts', 'runbook log RUN --json'],
  audit: ['runbook audit verify 2026-11-25T02-18', 'runbook audit export 2026-11-25T02-18 > run.siem.jsonl'],
  unlock: ['runbook unlock', 'runbook unlock --force                             # only when no run is active'],
  report: [
    'runbook report 2026-11-25T02-18',
    'runbook report RUN --html drill.html --rto 5m',
    'runbook report RUN --json',
  ],
};

/** Adds the examples above to each registered command that has some. */
export function addExamples(program: Command): void {
  for (const command of program.commands) {
    const examples = COMMAND_EXAMPLES[command.name()];
    if (examples === undefined) continue;
    command.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n`);
  }
}
