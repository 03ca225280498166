/**
 * `runbook report RUN --json`: the DrillReport model as one JSON document, with its kind and format version so
 * consumers can check what they read. Times are epoch ms (VM, SPM and wait times on the engine's clock; run and
 * step times on the control machine's clock), durations ms.
 */
import type { DrillReport } from './types';

export const REPORT_KIND = 'runbook.drill-report';
export const REPORT_FORMAT_VERSION = 1;

export interface DrillReportDocument extends DrillReport {
  kind: typeof REPORT_KIND;
  formatVersion: typeof REPORT_FORMAT_VERSION;
}

export function toReportDocument(report: DrillReport): DrillReportDocument {
  return { kind: REPORT_KIND, formatVersion: REPORT_FORMAT_VERSION, ...report };
}

export function renderJsonReport(report: DrillReport): string {
  return JSON.stringify(toReportDocument(report), null, 2) + '\n';
}
