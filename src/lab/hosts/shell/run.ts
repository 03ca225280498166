/**
 * The lab shell's interpreter: runs a parsed script against a simulated host. Lists honour `&&`, `||`, `;` and
 * `set -e`; pipelines pass whole outputs along; redirections go to the host's filesystem or /dev/null.
 */
import { FsError, readFileAt, resolvePath, writeFileAt } from '../filesystem';
import type { SimHost } from '../world';
import { resolveCommand } from './resolve';
import type { CommandContext, CommandIo, ShellSession } from './context';
import { ShellExit } from './context';
import { BufferInput, BufferSink, emptyInput, NULL_SINK, type InputSource, type OutputSink } from './io';
import { parseScript, ShellSyntaxError, type ListItem, type Pipeline, type SimpleCommand, type Word } from './parse';

export const COMMAND_NOT_FOUND = 127;

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
  };
}

/** Runs a script in a shell of its own (a fresh `$?`, its own `exit`). */
export async function runScript(host: SimHost, session: ShellSession, io: CommandIo, source: string): Promise<number> {
  let items: ListItem[];
  try {
    items = parseScript(source);
  } catch (error) {
    if (!(error instanceof ShellSyntaxError)) throw error;
    io.stderr.write(`bash: syntax error: ${error.message}\n`);
    return 2;
  }
  try {
    return await runList(host, session, io, items);
  } catch (error) {
    if (error instanceof ShellExit) return error.status;
    throw error;
  }
}

async function runList(host: SimHost, session: ShellSession, io: CommandIo, items: ListItem[]): Promise<number> {
  let status = 0;
  for (const [index, item] of items.entries()) {
    if ((item.connector === '&&' && status !== 0) || (item.connector === '||' && status === 0)) continue;
    status = await runPipeline(host, session, io, item.pipeline);
    session.lastStatus = status;
    const next = items[index + 1]?.connector;
    const isTested = next === '&&' || next === '||' || item.pipeline.isNegated;
    if (session.isErrexit && status !== 0 && !isTested) throw new ShellExit(status);
  }
  return status;
}

async function runPipeline(host: SimHost, session: ShellSession, io: CommandIo, pipeline: Pipeline): Promise<number> {
  let status = 0;
  let stdin = io.stdin;
  for (const [index, command] of pipeline.commands.entries()) {
    const isLast = index === pipeline.commands.length - 1;
    const stdout = isLast ? io.stdout : new BufferSink();
    status = await runSimpleCommand(host, session, { stdin, stdout, stderr: io.stderr }, command);
    if (stdout instanceof BufferSink) stdin = new BufferInput(stdout.content());
  }
  return pipeline.isNegated ? Number(status === 0) : status;
}

async function runSimpleCommand(
  host: SimHost,
  session: ShellSession,
  io: CommandIo,
  command: SimpleCommand
): Promise<number> {
  const argv = command.words.map((word) => expandWord(session, word));
  const opened = openRedirects(host, session, io, command);
  if (typeof opened === 'number') return opened;
  if (argv.length === 0) {
    for (const { name, value } of command.assignments) session.env[name] = expandWord(session, value);
    return 0;
  }
  const status = await runArgv(host, session, opened.io, argv);
  opened.flush();
  return status;
}

/** Runs an argv: a builtin, a simulated command, or "command not found". */
export async function runArgv(
  host: SimHost,
  session: ShellSession,
  io: CommandIo,
  argv: readonly string[]
): Promise<number> {
  const [name = '', ...args] = argv;
  const resolved = resolveCommand(host, name);
  if (resolved.kind === 'missing') {
    io.stderr.write(`bash: ${resolved.message}\n`);
    return COMMAND_NOT_FOUND;
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
    return {
      ...session,
      uid,
      user,
      env: { ...session.env, USER: user, LOGNAME: user },
      positional: [...session.positional],
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

export function expandWord(session: ShellSession, word: Word): string {
  return word
    .map((part) => {
      if ('literal' in part) return part.literal;
      if ('tilde' in part) return session.env.HOME ?? '/root';
      return expandVariable(session, part.variable);
    })
    .join('');
}

function expandVariable(session: ShellSession, name: string): string {
  if (name === '?') return String(session.lastStatus);
  if (name === '$') return '4242';
  if (name === '#') return String(session.positional.length);
  if (/^\d$/.test(name)) return name === '0' ? 'bash' : (session.positional[Number(name) - 1] ?? '');
  return session.env[name] ?? '';
}

interface OpenedRedirects {
  io: CommandIo;
  /** Writes what went to files into the host's filesystem. */
  flush(): void;
}

function openRedirects(
  host: SimHost,
  session: ShellSession,
  io: CommandIo,
  command: SimpleCommand
): OpenedRedirects | number {
  const fds: (OutputSink | InputSource)[] = [io.stdin, io.stdout, io.stderr];
  const files: { path: string; sink: BufferSink; isAppend: boolean }[] = [];
  for (const redirect of command.redirects) {
    if (redirect.op === '>&') {
      fds[redirect.fd] = fds[redirect.target as number] ?? NULL_SINK;
      continue;
    }
    const path = resolvePath(session.cwd, expandWord(session, redirect.target as Word));
    try {
      fds[redirect.fd] = openRedirectTarget(host, session, path, redirect.op, files);
    } catch (error) {
      if (!(error instanceof FsError)) throw error;
      io.stderr.write(`bash: ${error.message}\n`);
      return 1;
    }
  }
  const flush = (): void => {
    for (const file of files)
      writeFileAt(host.state, file.path, file.sink.content(), { uid: session.uid, isAppend: true });
    if (files.length > 0) host.world.markChanged();
  };
  return { io: { stdin: fds[0] as InputSource, stdout: fds[1] as OutputSink, stderr: fds[2] as OutputSink }, flush };
}

function openRedirectTarget(
  host: SimHost,
  session: ShellSession,
  path: string,
  op: '>' | '>>' | '<',
  files: { path: string; sink: BufferSink; isAppend: boolean }[]
): OutputSink | InputSource {
  if (path === '/dev/null') return op === '<' ? emptyInput() : NULL_SINK;
  if (op === '<') return new BufferInput(readFileAt(host.state, path, session.uid));
  // Truncate (or create) now, as a shell does before the command runs; the output is appended when it ends.
  writeFileAt(host.state, path, Buffer.alloc(0), { uid: session.uid, isAppend: op === '>>' });
  const sink = new BufferSink();
  files.push({ path, sink, isAppend: true });
  return sink;
}
