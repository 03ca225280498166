/** Writes a benchmark's section into docs/benchmarks.md between its markers, and describes the machine. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';

export function describeMachine(extra: string[] = []): string[] {
  const os = existsSync('/etc/os-release')
    ? /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1]
    : '';
  const ssh = sshVersion();
  return [
    `CPU: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores`,
    `memory: ${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    `OS: ${os ?? 'unknown'} (Linux ${release()})`,
    `Node.js ${process.version}; ${ssh.trim()}`,
    ...extra,
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')} (the machine is shared with other work)`,
  ];
}

function sshVersion(): string {
  try {
    return execFileSync('sh', ['-c', 'ssh -V 2>&1'], { encoding: 'utf8' });
  } catch {
    return 'OpenSSH (version unknown)';
  }
}

/** Replaces the text between `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->`, adding them if absent. */
export function writeSection(path: string, name: string, title: string, body: string): void {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = `${start}\n${body.trim()}\n${end}`;
  let text = existsSync(path)
    ? readFileSync(path, 'utf8')
    : '# Benchmarks\n\nProduced by `npm run bench -- NAME`; the sections between the markers are rewritten by the scripts, never by hand.\n';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from >= 0 && to > from) text = text.slice(0, from) + block + text.slice(to + end.length);
  else text = `${text.trimEnd()}\n\n## ${title}\n\n${block}\n`;
  writeFileSync(path, text);
}

export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
