/** rpm queries: -q NAME... (exit status = number of missing packages), -qa, --queryformat. */
import { packageNevra } from '../catalog';
import { packageNameOf } from '../packages';
import type { CommandContext, CommandHandler } from '../shell/context';
import { fail, print, printLine, splitArgs } from './output';

function rpm(ctx: CommandContext, args: readonly string[]): number {
  const { flags, operands } = splitArgs(args, ['qf', 'queryformat']);
  if (flags.has('version')) {
    printLine(ctx, 'RPM version 4.14.3');
    return 0;
  }
  if (!flags.has('q') && !flags.has('query')) {
    return fail(ctx, 'rpm: the lab simulates only queries (rpm -q, rpm -qa); install and remove packages with dnf', 1);
  }
  const format = flags.get('qf') ?? flags.get('queryformat');
  const installed = ctx.host.state.packages;
  if (flags.has('a') || flags.has('all')) {
    const names = Object.keys(installed)
      .sort()
      .filter((name) => operands.length === 0 || operands.some((pattern) => globMatch(pattern, name)));
    for (const name of names) writeEntry(ctx, name, installed[name] ?? '', format);
    return 0;
  }
  if (operands.length === 0) return fail(ctx, 'rpm: no arguments given for query');
  let missing = 0;
  for (const operand of operands) {
    const name = packageNameOf(operand);
    const evra = installed[name];
    const isMatch =
      evra !== undefined &&
      (operand === name || packageNevra(name, evra).startsWith(operand.replace(/\.(x86_64|noarch)$/, '')));
    if (isMatch) {
      writeEntry(ctx, name, evra, format);
    } else {
      missing += 1;
      printLine(ctx, `package ${operand} is not installed`);
    }
  }
  return missing;
}

function writeEntry(ctx: CommandContext, name: string, evra: string, format: string | undefined): void {
  if (format === undefined) {
    printLine(ctx, packageNevra(name, evra));
    return;
  }
  const arch = evra.slice(evra.lastIndexOf('.') + 1);
  const [version = '', release = ''] = evra.slice(0, evra.lastIndexOf('.')).split(/-(?=[^-]*$)/);
  const tags: Record<string, string> = { NAME: name, VERSION: version, RELEASE: release, ARCH: arch, EPOCH: '(none)' };
  print(
    ctx,
    format
      .replace(/%\{(\w+)\}/g, (whole, tag: string) => tags[tag.toUpperCase()] ?? whole)
      .replace(/\\n/g, '\n')
      .replace(/\\t/g, '\t')
  );
}

function globMatch(pattern: string, name: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(name);
}

export const RPM_COMMANDS: Record<string, CommandHandler> = { rpm };
