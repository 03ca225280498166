/**
 * `runbook completion bash|zsh`: a completion script written from the program's own commands and options (so it
 * cannot drift from them): commands and subcommands, each command's options, inventories and runbook files for
 * `-i` and the runbook argument (including the project's bare runbook names), module names for `doc`, known tags
 * for `--tags`. Install: `source <(runbook completion bash)`, or `runbook completion zsh > "${fpath[1]}/_runbook"`.
 */
import type { Command, Option } from 'commander';
import { moduleNames } from '../modules/registry';
import { ExitCode, RunbookError } from '../shared/errors';

export const SHELLS = ['bash', 'zsh'] as const;
export type Shell = (typeof SHELLS)[number];

export class UnknownShellError extends RunbookError {
  constructor(shell: string) {
    super(`no completion for "${shell}" (known: ${SHELLS.join(', ')})`, { code: 'USAGE', exitCode: ExitCode.USAGE });
  }
}

interface CommandSpec {
  /** `exec`, or `lab start`. */
  path: string;
  description: string;
  options: Option[];
  subcommands: string[];
  /** What its first argument is: a runbook, a module, or anything else (files). */
  argument: 'runbook' | 'module' | 'shell' | 'file' | 'none';
}

const RUNBOOK_COMMANDS = new Set(['exec', 'plan', 'validate']);

function argumentKind(command: Command): CommandSpec['argument'] {
  if (RUNBOOK_COMMANDS.has(command.name())) return 'runbook';
  if (command.name() === 'doc') return 'module';
  if (command.name() === 'completion') return 'shell';
  return command.registeredArguments.length > 0 ? 'file' : 'none';
}

function specsOf(command: Command, prefix = ''): CommandSpec[] {
  return command.commands.flatMap((sub) => {
    const path = `${prefix}${sub.name()}`;
    const spec: CommandSpec = {
      path,
      description: sub.description(),
      options: sub.options.filter((option) => !option.hidden),
      subcommands: sub.commands.map((c) => c.name()),
      argument: argumentKind(sub),
    };
    return [spec, ...specsOf(sub, `${path} `)];
  });
}

function flagsOf(option: Option): string[] {
  return [option.short, option.long].filter((flag): flag is string => flag !== undefined);
}

/** Options whose value is a file (complete files after them). */
function isFileOption(option: Option): boolean {
  return ['--inventory', '--html', '--signers'].includes(option.long ?? '');
}

export function buildCompletion(program: Command, shell: string): string {
  const specs = specsOf(program);
  if (shell === 'bash') return bashScript(program, specs);
  if (shell === 'zsh') return zshScript(program, specs);
  throw new UnknownShellError(shell);
}

function quoteBash(words: readonly string[]): string {
  return [...new Set(words)].join(' ').replace(/'/g, '');
}

function bashScript(program: Command, specs: readonly CommandSpec[]): string {
  const top = specs.filter((spec) => !spec.path.includes(' ')).map((spec) => spec.path);
  const globalFlags = program.options.flatMap(flagsOf);
  const cases = specs.map((spec) => {
    const words = [...spec.subcommands, ...spec.options.flatMap(flagsOf), '--help'];
    return `    '${spec.path}') words='${quoteBash(words)}'; argument=${spec.argument} ;;`;
  });
  const valued = specs.flatMap((spec) => spec.options.filter((o) => o.required || o.optional).flatMap(flagsOf));
  const fileFlags = specs.flatMap((spec) => spec.options.filter(isFileOption).flatMap(flagsOf));
  return `# bash completion for runbook (written by \`runbook completion bash\`; load with: source <(runbook completion bash))
_runbook_runbooks() {
  local dir
  while IFS= read -r dir; do
    [ -d "$dir" ] && (cd "$dir" && compgen -f -X '!*.y*ml' -- "$1")
  done < <(runbook completion --runbook-dirs 2>/dev/null)
}
_runbook() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} path='' i word words argument
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=\${COMP_WORDS[i]}
    case "$word" in -*) continue ;; esac
    case " ${quoteBash([...valued])} " in *" \${COMP_WORDS[i-1]} "*) continue ;; esac
    path=\${path:+$path }$word
  done
  case " ${quoteBash(fileFlags)} " in *" $prev "*) COMPREPLY=($(compgen -f -- "$cur")); return ;; esac
  case "$prev" in
    -t|--tags|--skip-tags) COMPREPLY=($(compgen -W 'checks install failover failback verify always never' -- "$cur")); return ;;
    -e|--extra-var) [[ $cur == @* ]] && COMPREPLY=($(compgen -P @ -f -- "\${cur#@}")); return ;;
  esac
  case " ${quoteBash(valued)} " in *" $prev "*) return ;; esac
  case "$path" in
    '') words='${quoteBash([...top, ...globalFlags, '--help'])}'; argument=none ;;
${cases.join('\n')}
    *) words=''; argument=file ;;
  esac
  if [[ $cur == -* || $argument == none ]]; then COMPREPLY=($(compgen -W "$words" -- "$cur")); return; fi
  case "$argument" in
    runbook) COMPREPLY=($(compgen -f -X '!*.y*ml' -- "$cur") $(compgen -d -- "$cur") $(_runbook_runbooks "$cur")) ;;
    module) COMPREPLY=($(compgen -W '${moduleNames().join(' ')}' -- "$cur")) ;;
    shell) COMPREPLY=($(compgen -W 'bash zsh' -- "$cur")) ;;
    *) COMPREPLY=($(compgen -W "$words" -- "$cur") $(compgen -f -- "$cur")) ;;
  esac
}
complete -o filenames -F _runbook runbook
`;
}

function zshQuote(text: string): string {
  return text.replace(/'/g, "'\\''").replace(/[[\]:]/g, (ch) => `\\${ch}`);
}

function zshOption(option: Option): string {
  const flags = flagsOf(option);
  const takesValue = option.required || option.optional;
  const value = takesValue ? (isFileOption(option) ? ':file:_files' : ':value:') : '';
  const help = zshQuote(option.description);
  if (flags.length === 1) return `'${flags[0]}[${help}]${value}'`;
  return `'(${flags.join(' ')})'{${flags.join(',')}}'[${help}]${value}'`;
}

function zshArgument(spec: CommandSpec): string {
  switch (spec.argument) {
    case 'runbook':
      return '\'*:runbook:_files -g "*.y(a|)ml"\'';
    case 'module':
      return `':module:(${moduleNames().join(' ')})'`;
    case 'shell':
      return "':shell:(bash zsh)'";
    case 'file':
      return "'*:file:_files'";
    default:
      return '';
  }
}

function zshScript(program: Command, specs: readonly CommandSpec[]): string {
  const describe = (list: readonly CommandSpec[]): string =>
    list.map((spec) => `'${zshQuote(spec.path.split(' ').at(-1) ?? '')}:${zshQuote(spec.description)}'`).join(' ');
  const functions = specs.map((spec) => {
    const name = `_runbook_${spec.path.replace(/[^a-z0-9]+/g, '_')}`;
    const children = specs.filter(
      (child) => child.path.startsWith(`${spec.path} `) && !child.path.slice(spec.path.length + 1).includes(' ')
    );
    const body =
      children.length > 0
        ? `  if (( CURRENT == 2 )); then local -a subs; subs=(${describe(children)}); _describe command subs; return; fi
  local sub=$words[2]; shift words; (( CURRENT-- )); _call_function ret ${name}_$sub`
        : `  _arguments -s ${[...spec.options.map(zshOption), zshArgument(spec)].filter(Boolean).join(' ')}`;
    return `${name}() {\n${body}\n}`;
  });
  const top = specs.filter((spec) => !spec.path.includes(' '));
  return `#compdef runbook
# zsh completion for runbook (written by \`runbook completion zsh\`; save as _runbook in a directory of $fpath)
${functions.join('\n')}
_runbook() {
  if (( CURRENT == 2 )); then
    local -a commands; commands=(${describe(top)})
    _describe command commands; _arguments ${program.options.map(zshOption).join(' ')}; return
  fi
  local cmd=$words[2]; shift words; (( CURRENT-- ))
  _call_function ret _runbook_\${cmd//-/_}
}
_runbook "$@"
`;
}
