/**
 * The lab shell's interpreter: runs a parsed script against a simulated host. Lists honour `&&`, `||`, `;` and
 * `set -e`; pipelines pass whole outputs along; `if`, `{ }` and `( )` work as in sh; `exit` and the EXIT trap end
 * the shell that runs them (a subshell or a command substitution is a shell of its own).
 */
import { FsError } from '../filesystem';
import type { SimHost } from '../world';
import {
  parseScript,
  ShellSyntaxError,
  type Command,
  type IfCommand,
  type ListItem,
  type Pipeline,
  type Redirect,
  type SimpleCommand,
} from './parse';
import { resolveCommand } from './resolve';
import type { CommandContext, CommandIo, ShellSession } from './context';
import { ShellExit } from './context';
import { expandWord, expandWords, type Substitute } from './expand';
import { BufferInput, BufferSink, emptyInput } from './io';
import { openRedirects } from './redirect';

export function createSession(host: SimHost, uid: number, user: string): ShellSession {
  const home = uid === 0 ? '/root' : `/home/${user}`;
  return {
    uid,
    user,
    cwd: home,
    env: {
      HOME: home,
      USER: user,
      LOGNAME: user,
      PATH: '/usr/local/bin:/usr/bin:/usr/local/sbin:/usr/sbin',
      HOSTNAME: host.name,
      LANG: 'en_US.UTF-8',
      SHELL: '/bin/bash',
    },
    positional: [],
    lastStatus: 0,
    isErrexit: false,
    conditionDepth: 0,
  };
}

/** A copy of the shell for a subshell or a command substitution: same variables, its own exit and trap. */
function copySession(session: ShellSession): ShellSession {
  const { exitTrap: _trap, ...rest } = session;
  return { ...rest, env: { ...session.env }, positional: [...session.positional], conditionDepth: 0 };
}

/** Parses and runs a script as a shell of its own; a syntax error is exit status 2, as in bash. */
export async function runScript(host: SimHost, session: ShellSession, io: CommandIo, source: string): Promise<number> {
  let items: ListItem[];
  try {
    items = parseScript(source);
  } catch (error) {
    if (!(error instanceof ShellSyntaxError)) throw error;
    io.stderr.write(`bash: syntax error: ${error.message}\n`);
    return 2;
  }
  return runShell(host, session, io, items);
}

async function runShell(host: SimHost, session: ShellSession, io: CommandIo, items: ListItem[]): Promise<number> {
  let status: number;
  try {
    status = await runList(host, session, io, items);
  } catch (error) {
    if (!(error instanceof ShellExit)) throw error;
    status = error.status;
  }
  const trap = session.exitTrap;
  if (trap !== undefined) {
    session.exitTrap = undefined;
    await runScript(host, { ...session, isErrexit: false }, io, trap);
  }
  return status;
}

async function runList(host: SimHost, session: ShellSession, io: CommandIo, items: ListItem[]): Promise<number> {
  let status = 0;
  for (const [index, item] of items.entries()) {
    if ((item.connector === '&&' && status !== 0) || (item.connector === '||' && status === 0)) continue;
    const next = items[index + 1]?.connector;
    const isTested = next === '&&' || next === '||' || item.pipeline.isNegated;
    status = isTested
      ? await asCondition(session, () => runPipeline(host, session, io, item.pipeline))
      : await runPipeline(host, session, io, item.pipeline);
    session.lastStatus = status;
    if (session.isErrexit && session.conditionDepth === 0 && status !== 0 && !isTested) throw new ShellExit(status);
  }
  return status;
}

/** Runs something whose failure is tested (so `set -e` ignores it). */
async function asCondition(session: ShellSession, run: () => Promise<number>): Promise<number> {
  session.conditionDepth += 1;
  try {
    return await run();
  } finally {
    session.conditionDepth -= 1;
  }
}

async function runPipeline(host: SimHost, session: ShellSession, io: CommandIo, pipeline: Pipeline): Promise<number> {
  let status = 0;
  let stdin = io.stdin;
  for (const [index, command] of pipeline.commands.entries()) {
    const isLast = index === pipeline.commands.length - 1;
    const stdout = isLast ? io.stdout : new BufferSink();
    status = await runCommand(host, session, { stdin, stdout, stderr: io.stderr }, command);
    if (stdout instanceof BufferSink) stdin = new BufferInput(stdout.content());
  }
  return pipeline.isNegated ? Number(status === 0) : status;
}

function runCommand(host: SimHost, session: ShellSession, io: CommandIo, command: Command): Promise<number> {
  if (command.kind === 'simple') return runSimpleCommand(host, session, io, command);
  return withRedirects(host, session, io, command.redirects, (redirected) => {
    if (command.kind === 'if') return runIf(host, session, redirected, command);
    if (!command.isSubshell) return runList(host, session, redirected, command.body);
    return runShell(host, copySession(session), redirected, command.body);
  });
}

async function runIf(host: SimHost, session: ShellSession, io: CommandIo, command: IfCommand): Promise<number> {
  for (const branch of command.branches) {
    const status = await asCondition(session, () => runList(host, session, io, branch.condition));
    if (status === 0) return runList(host, session, io, branch.body);
  }
  return command.otherwise ? runList(host, session, io, command.otherwise) : 0;
}

async function withRedirects(
  host: SimHost,
  session: ShellSession,
  io: CommandIo,
  redirects: readonly Redirect[],
  body: (io: CommandIo) => Promise<number>
): Promise<number> {
  const opened = await openRedirects(host, session, io, redirects, substituteIn(host, session, io));
  if (typeof opened === 'number') return opened;
  const status = await body(opened.io);
  opened.flush();
  return status;
}

function substituteIn(host: SimHost, session: ShellSession, io: CommandIo): Substitute {
  return async (list) => {
    const output = new BufferSink();
    session.lastStatus = await runShell(
      host,
      copySession(session),
      { stdin: emptyInput(), stdout: output, stderr: io.stderr },
      list
    );
    return output.text();
  };
}

async function runSimpleCommand(
  host: SimHost,
  session: ShellSession,
  io: CommandIo,
  command: SimpleCommand
): Promise<number> {
  const substitute = substituteIn(host, session, io);
  const argv = await expandWords(session, command.words, substitute);
  const assignments: [string, string][] = [];
  for (const { name, value } of command.assignments)
    assignments.push([name, await expandWord(session, value, substitute)]);
  if (argv.length === 0) {
    for (const [name, value] of assignments) session.env[name] = value;
    return withRedirects(host, session, io, command.redirects, () => Promise.resolve(session.lastStatus));
  }
  const saved = assignments.map(([name]) => [name, session.env[name]] as const);
  for (const [name, value] of assignments) session.env[name] = value;
  try {
    return await withRedirects(host, session, io, command.redirects, (redirected) =>
      runArgv(host, session, redirected, argv)
    );
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete session.env[name];
      else session.env[name] = value;
    }
  }
}

/** Runs an argv: a builtin, a simulated command, a script file, or "command not found". */
export async function runArgv(
  host: SimHost,
  session: ShellSession,
  io: CommandIo,
  argv: readonly string[]
): Promise<number> {
  const [name = '', ...args] = argv;
  const resolved = resolveCommand(host, session, name);
  if (resolved.kind === 'missing') {
    io.stderr.write(`bash: ${resolved.message}\n`);
    return resolved.status;
  }
  try {
    return await resolved.handler(makeContext(host, session, io), args);
  } catch (error) {
    if (!(error instanceof FsError)) throw error;
    io.stderr.write(`${name}: ${error.message}\n`);
    return 1;
  }
}

function makeContext(host: SimHost, session: ShellSession, io: CommandIo): CommandContext {
  const derive = (options: { uid?: number; user?: string }): ShellSession => {
    const uid = options.uid ?? session.uid;
    const user = options.user ?? (uid === 0 ? 'root' : session.user);
    const home = uid === 0 ? '/root' : (session.env.HOME ?? `/home/${user}`);
    return {
      ...copySession(session),
      uid,
      user,
      env: { ...session.env, USER: user, LOGNAME: user, HOME: home },
      lastStatus: 0,
    };
  };
  return {
    host,
    session,
    io,
    runArgv: (argv, options = {}) => runArgv(host, derive(options), options.io ?? io, argv),
    runScript: (source, options = {}) => {
      const child = { ...derive(options), isErrexit: false, positional: options.positional ?? [] };
      return runScript(host, child, options.io ?? io, source);
    },
  };
}
