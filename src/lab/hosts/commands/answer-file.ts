/** otopi answer files (`[environment:default]` then `KEY=type:value`), as engine-setup and hosted-engine read them. */
import { readFileAt, statPath } from '../filesystem';
import type { CommandContext } from '../shell/context';
import { pathOf } from './files';

export type AnswerFileResult = { answers: Record<string, string> } | { error: string };

/** Reads every `--config-append=FILE` (and `--config=FILE`) in order; later files override earlier ones. */
export function readAnswerFiles(ctx: CommandContext, args: readonly string[]): AnswerFileResult {
  const answers: Record<string, string> = {};
  for (const file of configFiles(args)) {
    const path = pathOf(ctx, file);
    if (statPath(ctx.host.state, path)?.kind !== 'file') return { error: `Configuration file '${file}' not found` };
    const parsed = parseAnswerFile(readFileAt(ctx.host.state, path, ctx.session.uid).toString('utf8'));
    if ('error' in parsed) return { error: `${file}: ${parsed.error}` };
    Object.assign(answers, parsed.answers);
  }
  return { answers };
}

function configFiles(args: readonly string[]): string[] {
  const files: string[] = [];
  for (const [index, arg] of args.entries()) {
    const match = /^--(config-append|config)(?:=(.*))?$/.exec(arg);
    if (!match) continue;
    files.push(match[2] ?? args[index + 1] ?? '');
  }
  return files;
}

export function parseAnswerFile(text: string): AnswerFileResult {
  const answers: Record<string, string> = {};
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';') || /^\[[^\]]+\]$/.test(line)) continue;
    const match = /^([A-Za-z0-9_/]+)=(none|bool|int|str|multi-str|list):(.*)$/.exec(line);
    if (!match?.[1]) return { error: `line ${index + 1}: expected KEY=type:value, got "${line.slice(0, 60)}"` };
    answers[match[1]] = match[3] ?? '';
  }
  return { answers };
}

/** An answer, or a prompt on stdin as the real tool would ask; undefined at end of input (an error there too). */
export async function answerOrPrompt(
  ctx: CommandContext,
  answers: Record<string, string>,
  key: string,
  prompt: string
): Promise<string | undefined> {
  const given = answers[key];
  if (given !== undefined && given !== '' && given !== 'None') return given;
  ctx.io.stdout.write(`          ${prompt}: `);
  const line = await ctx.io.stdin.readLine();
  ctx.io.stdout.write('\n');
  return line;
}
