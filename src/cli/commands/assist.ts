/**
 * The commands that set runbook up and explain it, none of which runs anything: `runbook init [DIR]` (a project
 * with the shipped runbooks, the inventories, the schemas and a config), `runbook doc [MODULE]` (ansible-doc) and
 * `runbook completion bash|zsh`. Their implementations load when they run (see main.ts).
 */
import * as nodePath from 'node:path';
import type { Command } from 'commander';
import type * as CompletionModule from '../completion';
import type * as InitModule from '../init';
import type * as ModuleDocModule from '../module-doc';
import type * as ProjectModule from '../project';
import type { CliContext } from '../context';

const INIT_EXAMPLES = `
Examples:
  $ runbook init dr-project && cd dr-project     # a new project
  $ runbook exec install-standalone.yaml         # runs runbooks/install-standalone.yaml on inventories/lab.yaml
  $ RUNBOOK_INVENTORY=inventories/prod.yaml runbook exec preflight.yaml --check
`;

export function registerInitCommand(program: Command, context: CliContext): void {
  program
    .command('init')
    .description('create a project: the shipped runbooks, a lab and a production inventory, the schemas, a config')
    .argument('[dir]', 'the project directory (created if needed)', '.')
    .option('--force', 'overwrite files that already exist')
    .addHelpText('after', INIT_EXAMPLES)
    .action((dir: string, options: { force?: boolean }) => {
      loadInit().initProject(nodePath.resolve(context.io.cwd, dir), {
        ...(options.force === true ? { force: true } : {}),
        cwd: context.io.cwd,
        write: (text) => context.io.stdout.write(text),
      });
    });
}

/** Loaded when the command runs, not at start-up (see main.ts). */
function loadInit(): typeof InitModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return require('../init') as typeof InitModule;
}

const DOC_EXAMPLES = `
Examples:
  $ runbook doc                  # every module
  $ runbook doc olvm.host        # its arguments, what register gets, its dry run, an example
`;

export function registerDocCommand(program: Command, context: CliContext): void {
  program
    .command('doc')
    .description("a module's reference: arguments, what register receives, dry-run behaviour, an example")
    .argument('[module]', 'the module, e.g. ssh.template (none: list them)')
    .addHelpText('after', DOC_EXAMPLES)
    .action((name: string | undefined) => {
      const doc = loadModuleDoc();
      context.io.stdout.write(name === undefined ? doc.formatModuleList() : doc.formatModuleDoc(name));
    });
}

/** Loaded when the command runs, not at start-up (see main.ts). */
function loadModuleDoc(): typeof ModuleDocModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return require('../module-doc') as typeof ModuleDocModule;
}

const COMPLETION_EXAMPLES = `
Examples:
  $ source <(runbook completion bash)                       # this shell; add it to ~/.bashrc to keep it
  $ runbook completion zsh > "\${fpath[1]}/_runbook"        # zsh: then restart the shell (compinit)
`;

export function registerCompletionCommand(program: Command, context: CliContext): void {
  program
    .command('completion')
    .description('print a shell completion script (commands, options, runbooks, inventories, modules)')
    .argument('[shell]', 'bash or zsh')
    .option('--runbook-dirs', 'print where bare runbook names are looked up (the scripts use it)')
    .addHelpText('after', COMPLETION_EXAMPLES)
    .action((shell: string | undefined, options: { runbookDirs?: boolean }) => {
      const { io } = context;
      if (options.runbookDirs === true) {
        const { findProject } = loadProject();
        io.stdout.write(`${findProject(io.cwd, io.env).runbookDirs.join('\n')}\n`);
        return;
      }
      io.stdout.write(loadCompletion().buildCompletion(program, shell ?? 'bash'));
    });
}

/** Loaded when the command runs, not at start-up (see main.ts). */
function loadCompletion(): typeof CompletionModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return require('../completion') as typeof CompletionModule;
}

/** Loaded when the command runs, not at start-up (see main.ts). */
function loadProject(): typeof ProjectModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return require('../project') as typeof ProjectModule;
}
