/** Which renderer a run gets: --json lines, listr2 on a terminal, plain lines in CI and pipes. */
import pc from 'picocolors';
import type { EventSink } from '../engine/events';
import { JsonLinesRenderer } from '../ui/json';
import { ListrRenderer } from '../ui/listr';
import { PlainRenderer } from '../ui/plain';
import type { SummaryStyle } from '../ui/summary';
import type { CliIo } from './io';

export function isFancy(io: CliIo): boolean {
  return io.stdout.isTTY && !io.env['CI'];
}

export function pickRenderer(io: CliIo, isJson: boolean): EventSink {
  if (isJson) return new JsonLinesRenderer(io.stdout);
  return isFancy(io) ? new ListrRenderer() : new PlainRenderer(io.stdout);
}

export function summaryStyle(io: CliIo): SummaryStyle {
  const colors = pc.createColors(io.stdout.isTTY && !io.env['NO_COLOR']);
  return { bold: colors.bold, red: colors.red, yellow: colors.yellow, green: colors.green };
}
