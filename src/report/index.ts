/** The drill report: journal -> DrillReport -> text, JSON or self-contained HTML. */
export { collectDrillReport, isDrillReport, NotARunJournalError } from './collect';
export type { CollectOptions } from './collect';
export { renderHtmlReport } from './html';
export type { HtmlOptions } from './html';
export { renderJsonReport, toReportDocument, REPORT_KIND, REPORT_FORMAT_VERSION } from './json';
export { isDrillFailed } from './rto';
export { formatDrillSummary } from './summary';
export { renderDrillSummary, renderTextReport } from './text';
export * from './types';
