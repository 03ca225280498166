/** Benchmarks own a section of docs/benchmarks.md between `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->`. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';

const HEADER = '# Benchmarks\n\nNumbers written by `npm run bench -- <name>`; each benchmark owns its section.\n';

export function replaceSection(path: string, name: string, body: string): void {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = `${start}\n${body.trimEnd()}\n${end}`;
  const text = existsSync(path) ? readFileSync(path, 'utf8') : HEADER;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const next =
    from >= 0 && to > from
      ? text.slice(0, from) + block + text.slice(to + end.length)
      : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, next.endsWith('\n') ? next : `${next}\n`);
}

export function describeMachine(): string {
  const list = cpus();
  const model = list[0]?.model.trim() ?? 'unknown CPU';
  const memory = (totalmem() / 1024 ** 3).toFixed(1);
  return `${list.length} × ${model}, ${memory} GiB RAM, ${osType()} ${release()}, Node ${process.version}`;
}
