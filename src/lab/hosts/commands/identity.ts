/** Who and where: hostname, uname, id, whoami. */
import { PACKAGES } from '../catalog';
import type { CommandContext, CommandHandler } from '../shell/context';
import { fail, printLine, splitArgs } from './output';

function fqdn(ctx: CommandContext): string {
  return `${ctx.host.name}.${ctx.host.world.domain}`;
}

/** hostname prints the FQDN (as /etc/hostname holds it on oVirt hosts); -s short, -f FQDN, -i/-I the address. */
function hostname(ctx: CommandContext, args: readonly string[]): number {
  const { flags, operands } = splitArgs(args);
  if (operands.length > 0)
    return fail(ctx, 'hostname: you must be root to change the host name', ctx.session.uid === 0 ? 1 : 4);
  if (flags.has('s') || flags.has('short')) printLine(ctx, ctx.host.name);
  else if (flags.has('i') || flags.has('I') || flags.has('ip-address'))
    printLine(ctx, ctx.host.world.topology.managementAddress(ctx.host.name).address);
  else if (flags.has('d') || flags.has('domain')) printLine(ctx, ctx.host.world.domain);
  else printLine(ctx, fqdn(ctx));
  return 0;
}

function uname(ctx: CommandContext, args: readonly string[]): number {
  const { flags } = splitArgs(args);
  const kernel = (PACKAGES['kernel-uek']?.evra ?? '').replace(/\.x86_64$/, '') + '.x86_64';
  const fields: [string, string][] = [
    ['s', 'Linux'],
    ['n', fqdn(ctx)],
    ['r', kernel],
    ['v', '#2 SMP Tue Jan 7 10:02:51 PST 2025'],
    ['m', 'x86_64'],
    ['o', 'GNU/Linux'],
  ];
  const isAll = flags.has('a');
  const chosen = fields.filter(([flag]) => isAll || flags.has(flag));
  printLine(ctx, (chosen.length > 0 ? chosen : [fields[0] as [string, string]]).map(([, value]) => value).join(' '));
  return 0;
}

function id(ctx: CommandContext, args: readonly string[]): number {
  const { flags } = splitArgs(args);
  const { uid, user } = ctx.session;
  if (flags.has('u') || flags.has('g')) printLine(ctx, flags.has('n') ? user : String(uid));
  else printLine(ctx, `uid=${uid}(${user}) gid=${uid}(${user}) groups=${uid}(${user})${uid === 0 ? '' : ',10(wheel)'}`);
  return 0;
}

export const IDENTITY_COMMANDS: Record<string, CommandHandler> = {
  hostname,
  uname,
  id,
  whoami: (ctx) => {
    printLine(ctx, ctx.session.user);
    return 0;
  },
};
