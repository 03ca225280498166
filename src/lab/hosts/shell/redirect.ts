/** Redirections of one command: files of the host's filesystem, /dev/null, or another descriptor. */
import { FsError, readFileAt, resolvePath, writeFileAt } from '../filesystem';
import type { SimHost } from '../world';
import type { Redirect, Word } from './ast';
import type { CommandIo, ShellSession } from './context';
import { expandWord, type Substitute } from './expand';
import { BufferInput, BufferSink, emptyInput, NULL_SINK, type InputSource, type OutputSink } from './io';

export interface OpenedRedirects {
  io: CommandIo;
  /** Appends what went to files to those files. */
  flush(): void;
}

/** The command's streams after its redirections, or the exit status when one could not be opened. */
export async function openRedirects(
  host: SimHost,
  session: ShellSession,
  io: CommandIo,
  redirects: readonly Redirect[],
  substitute: Substitute
): Promise<OpenedRedirects | number> {
  const fds: (OutputSink | InputSource)[] = [io.stdin, io.stdout, io.stderr];
  const files: { path: string; sink: BufferSink }[] = [];
  for (const redirect of redirects) {
    if (redirect.op === '>&') {
      fds[redirect.fd] = fds[redirect.target as number] ?? NULL_SINK;
      continue;
    }
    const path = resolvePath(session.cwd, await expandWord(session, redirect.target as Word, substitute));
    try {
      fds[redirect.fd] = openTarget(host, session, path, redirect.op, files);
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

function openTarget(
  host: SimHost,
  session: ShellSession,
  path: string,
  op: '>' | '>>' | '<',
  files: { path: string; sink: BufferSink }[]
): OutputSink | InputSource {
  if (path === '/dev/null') return op === '<' ? emptyInput() : NULL_SINK;
  if (op === '<') return new BufferInput(readFileAt(host.state, path, session.uid));
  // Truncate (or create) now, as a shell does before the command runs; the output is appended when it ends.
  writeFileAt(host.state, path, Buffer.alloc(0), { uid: session.uid, isAppend: op === '>>' });
  const sink = new BufferSink();
  files.push({ path, sink });
  return sink;
}
