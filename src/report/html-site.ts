/**
 * The HTML report's site-level section (emptying the primary site, SPM moves and outages, failback phase, VMs left
 * down, the engine VM, what the witnesses missed) and, for a drill that failed or stopped, where it stopped.
 */
import { renderHostsBeforeTable, renderSpmTable } from './html-tables';
import { html } from './markup';
import type { Markup } from './markup';
import {
  describeEmptied,
  describeEngineVm,
  describeFailbackPhase,
  describeLeftDown,
  describeSpmOutages,
  describeStop,
  describeWitnessGaps,
} from './site-text';
import type { DrillReport } from './types';

export function renderSite(report: DrillReport): Markup {
  const lines = [
    ...describeEmptied(report.site),
    ...describeSpmOutages(report.site),
    ...describeFailbackPhase(report),
    ...describeLeftDown(report.site),
    ...describeEngineVm(report.site),
    ...describeWitnessGaps(report),
  ];
  return html`<h2>The sites</h2>
    ${lines.length === 0
      ? html`<p class="muted">No site-level figure was measured.</p>`
      : html`<ul id="site">
          ${lines.map((l) => html`<li>${l}</li>`)}
        </ul>`}
    <h3>SPM moves</h3>
    ${report.spm.length === 0 ? html`<p class="muted">No SPM move was measured.</p>` : renderSpmTable(report.spm)}
    ${report.site.hostsBefore.length === 0
      ? ''
      : html`<h3>Where the VMs ran before the drill</h3>
          ${renderHostsBeforeTable(report)}`}`;
}

export function renderStop(report: DrillReport): Markup | string {
  const lines = describeStop(report);
  if (lines.length === 0) return '';
  return html`<p class="banner banner-bad" id="stopped"><strong>${lines.join(' ')}</strong></p>`;
}
