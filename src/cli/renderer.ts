/**
 * Which renderer a run gets: --json lines; listr2's live tree on a terminal; plain lines in CI, pipes, with -v,
 * and on a terminal too narrow to draw a tree (a terminal that reports 0 columns would wrap it one character per
 * line).
 */
import pc from 'picocolors';
import type { EventSink } from '../engine/events';
import { JsonLinesRenderer } from '../ui/json';
import { ListrRenderer } from '../ui/listr';
import { PlainRenderer } from '../ui/plain';
import type { SummaryStyle } from '../ui/summary';
import type { CliIo } from './io';

/** Narrower than this, the live tree falls back to lines. */
export const MIN_TREE_COLUMNS = 20;

export interface RendererChoice {
  isJson: boolean;
  /** `-v` count: any makes lines (the tree has no room for results and plans). */
  verbosity?: number;
  /** Show file diffs (dry runs, --diff). */
  isDiffShown?: boolean;
}

export function isFancy(io: CliIo): boolean {
  const columns = io.stdout.columns;
  const isWideEnough = columns === undefined || columns >= MIN_TREE_COLUMNS;
  return io.stdout.isTTY && !io.env['CI'] && isWideEnough;
}

export function pickRenderer(io: CliIo, choice: RendererChoice): EventSink {
  if (choice.isJson) return new JsonLinesRenderer(io.stdout);
  const verbosity = choice.verbosity ?? 0;
  if (isFancy(io) && verbosity === 0) {
    return new ListrRenderer(choice.isDiffShown === true ? { diffOut: io.stdout } : {});
  }
  return new PlainRenderer(io.stdout, { verbosity, isDiffShown: choice.isDiffShown === true });
}

export function summaryStyle(io: CliIo): SummaryStyle {
  const colors = pc.createColors(io.stdout.isTTY && !io.env['NO_COLOR']);
  return { bold: colors.bold, red: colors.red, yellow: colors.yellow, green: colors.green };
}
