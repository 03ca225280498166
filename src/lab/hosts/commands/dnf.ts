/** dnf and yum: install, remove, and the harmless housekeeping subcommands, with dnf's messages and exit codes. */
import { findPackage, packageNevra, Repository } from '../catalog';
import { applyInstall, applyRemove, planInstall, planRemove, type InstallPlan } from '../packages';
import type { CommandContext, CommandHandler } from '../shell/context';
import { fail, isRoot, print, printLine, splitArgs } from './output';

const VALUE_FLAGS = [
  'setopt',
  'enablerepo',
  'disablerepo',
  'installroot',
  'releasever',
  'exclude',
  'x',
  'd',
  'e',
  'c',
  'repo',
  'repoid',
];
const ROOT_ONLY = [
  'install',
  'in',
  'remove',
  'erase',
  'rm',
  'upgrade',
  'update',
  'makecache',
  'config-manager',
  'module',
  'clean',
];
const METADATA_LINE = 'Last metadata expiration check: 0:04:12 ago on Tue 07 Jan 2025 09:58:31 AM UTC.';
const RULE = '='.repeat(80);

interface DnfRequest {
  ctx: CommandContext;
  names: string[];
  isAssumeYes: boolean;
  isQuiet: boolean;
}

async function dnf(ctx: CommandContext, args: readonly string[]): Promise<number> {
  const { flags, operands } = splitArgs(args, VALUE_FLAGS);
  const [subcommand = '', ...names] = operands;
  if (subcommand === '') return fail(ctx, 'Error: No command given. Run dnf --help for the list of commands.', 1);
  if (ROOT_ONLY.includes(subcommand) && !isRoot(ctx)) {
    return fail(
      ctx,
      'Error: This command has to be run with superuser privileges (under the root user on most systems).'
    );
  }
  const request: DnfRequest = {
    ctx,
    names,
    isAssumeYes: flags.has('y') || flags.has('assumeyes'),
    isQuiet: flags.has('q') || flags.has('quiet'),
  };
  switch (subcommand) {
    case 'install':
    case 'in':
      return install(request);
    case 'remove':
    case 'erase':
    case 'rm':
      return remove(request);
    case 'repolist':
      return repolist(ctx);
    case 'upgrade':
    case 'update':
    case 'makecache':
    case 'check-update':
      if (!request.isQuiet)
        printLine(
          ctx,
          subcommand === 'makecache'
            ? 'Metadata cache created.'
            : `${METADATA_LINE}\nDependencies resolved.\nNothing to do.\nComplete!`
        );
      return 0;
    case 'config-manager':
    case 'module':
    case 'clean':
      return 0;
    default:
      return fail(
        ctx,
        `No such command: ${subcommand}. Please use /usr/bin/dnf --help\nIt could be a DNF plugin command, try: "dnf install 'dnf-command(${subcommand})'"`
      );
  }
}

async function install(request: DnfRequest): Promise<number> {
  const { ctx, names } = request;
  const failure = ctx.host.world.installFailures[ctx.host.name];
  if (failure !== undefined) {
    return fail(
      ctx,
      `Error: Failed to download metadata for repo '${Repository.BASE}': Cannot download repomd.xml: ${failure}`
    );
  }
  if (names.length === 0)
    return fail(ctx, 'Error: Need to pass a list of pkgs to install\n Mini usage:\n\ninstall PACKAGE...');
  const plan = planInstall(ctx.host.state, ctx.host.entry, names);
  if (!request.isQuiet) printLine(ctx, METADATA_LINE);
  for (const name of plan.alreadyInstalled)
    printLine(ctx, `Package ${packageNevra(name, ctx.host.state.packages[name] ?? '')} is already installed.`);
  if (plan.missing.length > 0) {
    for (const name of plan.missing) printLine(ctx, `No match for argument: ${name}`);
    return fail(ctx, `Error: Unable to find a match: ${plan.missing.join(' ')}`);
  }
  if (plan.refused.length > 0) {
    return fail(ctx, `Error: \n Problem: ${plan.refused.map((refusal) => refusal.reason).join('\n Problem: ')}`);
  }
  const toInstall = [...plan.requested, ...plan.dependencies];
  if (toInstall.length === 0) {
    printLine(ctx, 'Dependencies resolved.\nNothing to do.\nComplete!');
    return 0;
  }
  if (!request.isQuiet) print(ctx, renderTransaction(plan));
  if (!request.isAssumeYes && !(await isConfirmed(ctx))) return fail(ctx, 'Operation aborted.');
  applyInstall(ctx.host.state, toInstall);
  ctx.host.world.markChanged();
  if (!request.isQuiet) print(ctx, renderInstalled(ctx, toInstall));
  return 0;
}

/** Without -y dnf asks; on a session without a terminal the answer is whatever stdin holds. */
async function isConfirmed(ctx: CommandContext): Promise<boolean> {
  print(ctx, 'Is this ok [y/N]: ');
  const answer = await ctx.io.stdin.readLine();
  return /^y(es)?$/i.test(answer?.trim() ?? '');
}

function renderTransaction(plan: InstallPlan): string {
  const row = (name: string): string => {
    const spec = findPackage(name);
    const evra = spec?.evra ?? '';
    const arch = evra.slice(evra.lastIndexOf('.') + 1);
    const version = evra.slice(0, evra.lastIndexOf('.'));
    return ` ${name.padEnd(28)} ${arch.padEnd(8)} ${version.padEnd(26)} ${(spec?.repository ?? '').padEnd(18)} ${formatSize(spec?.sizeMiB ?? 0)}`;
  };
  const all = [...plan.requested, ...plan.dependencies];
  const total = all.reduce((sum, name) => sum + (findPackage(name)?.sizeMiB ?? 0), 0);
  const lines = [
    'Dependencies resolved.',
    RULE,
    ` ${'Package'.padEnd(28)} ${'Arch'.padEnd(8)} ${'Version'.padEnd(26)} ${'Repository'.padEnd(18)} Size`,
    RULE,
    'Installing:',
    ...plan.requested.map(row),
  ];
  if (plan.dependencies.length > 0) lines.push('Installing dependencies:', ...plan.dependencies.map(row));
  lines.push(
    '',
    'Transaction Summary',
    RULE,
    `Install  ${all.length} Package${all.length === 1 ? '' : 's'}`,
    '',
    `Total download size: ${formatSize(total)}`,
    `Installed size: ${formatSize(total * 3)}`
  );
  return lines.join('\n') + '\n';
}

function renderInstalled(ctx: CommandContext, names: readonly string[]): string {
  const nevras = names.map((name) => packageNevra(name, ctx.host.state.packages[name] ?? ''));
  const steps = nevras.map((nevra, index) => `  Installing       : ${nevra.padEnd(60)} ${index + 1}/${names.length}`);
  return [
    'Downloading Packages:',
    'Running transaction check',
    'Transaction check succeeded.',
    'Running transaction test',
    'Transaction test succeeded.',
    'Running transaction',
    ...steps,
    '',
    'Installed:',
    ...nevras.map((nevra) => `  ${nevra}`),
    '',
    'Complete!',
    '',
  ].join('\n');
}

function formatSize(mebibytes: number): string {
  return mebibytes >= 1024
    ? `${(mebibytes / 1024).toFixed(1)} G`
    : mebibytes >= 1
      ? `${mebibytes.toFixed(1)} M`
      : `${Math.max(1, Math.round(mebibytes * 1024))} k`;
}

async function remove(request: DnfRequest): Promise<number> {
  const { ctx, names } = request;
  if (names.length === 0) return fail(ctx, 'Error: Need to pass a list of pkgs to remove');
  const plan = planRemove(ctx.host.state, names);
  for (const name of plan.notInstalled) printLine(ctx, `No match for argument: ${name}`);
  if (plan.protectedPackages.length > 0) {
    return fail(
      ctx,
      `Error: \n Problem: The operation would result in removing the following protected packages: ${plan.protectedPackages.join(', ')}`
    );
  }
  const toRemove = [...plan.requested, ...plan.dependents];
  if (toRemove.length === 0) {
    printLine(ctx, 'No packages marked for removal.\nDependencies resolved.\nNothing to do.\nComplete!');
    return 0;
  }
  if (!request.isAssumeYes && !(await isConfirmed(ctx))) return fail(ctx, 'Operation aborted.');
  const nevras = toRemove.map((name) => packageNevra(name, ctx.host.state.packages[name] ?? ''));
  applyRemove(ctx.host.state, toRemove);
  ctx.host.world.markChanged();
  if (!request.isQuiet)
    printLine(
      ctx,
      [
        'Dependencies resolved.',
        'Running transaction',
        '',
        'Removed:',
        ...nevras.map((nevra) => `  ${nevra}`),
        '',
        'Complete!',
      ].join('\n')
    );
  return 0;
}

function repolist(ctx: CommandContext): number {
  const hasOvirt = ctx.host.state.packages['oracle-ovirt-release-el8'] !== undefined;
  const repos = [
    ['ol8_UEKR7', 'Latest Unbreakable Enterprise Kernel Release 7 for Oracle Linux 8 (x86_64)'],
    ['ol8_appstream', 'Oracle Linux 8 Application Stream (x86_64)'],
    [Repository.BASE, 'Oracle Linux 8 BaseOS Latest (x86_64)'],
  ];
  if (hasOvirt) repos.push([Repository.OVIRT, 'Oracle Linux Virtualization Manager 4.5 for Oracle Linux 8 (x86_64)']);
  printLine(ctx, `${'repo id'.padEnd(28)} repo name`);
  for (const [id = '', name = ''] of repos) printLine(ctx, `${id.padEnd(28)} ${name}`);
  return 0;
}

export const DNF_COMMANDS: Record<string, CommandHandler> = { dnf, yum: dnf };
