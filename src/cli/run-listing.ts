/**
 * `--list-steps`, `--list-tags`, `--list-hosts` (Ansible's --list-tasks, --list-tags, --list-hosts): what a run
 * with these options would do, printed without running anything (no lab, no journal, no lock).
 */
import type { PreparedStep } from '../engine/prepare';
import type { Runbook } from '../runbook/types';
import { displayPath } from '../shared/paths';

export interface ListingFlags {
  listSteps?: boolean;
  listTags?: boolean;
  listHosts?: boolean;
}

export function isListing(flags: ListingFlags): boolean {
  return flags.listSteps === true || flags.listTags === true || flags.listHosts === true;
}

function targetsOf(prepared: PreparedStep): string {
  const names = prepared.targets.flatMap((target) => (target ? [target.name] : []));
  if (prepared.step.hosts === undefined) return '(once)';
  return names.length > 0 ? names.join(', ') : '(no host after --limit)';
}

function pad(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  return rows.map((row) =>
    row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')
  );
}

function listSteps(prepared: readonly PreparedStep[]): string[] {
  const rows = prepared.map(({ step }, i) => [
    `${i + 1}.`,
    step.id,
    step.module,
    step.hosts ?? '(once)',
    step.tags.length > 0 ? `[${step.tags.join(', ')}]` : '',
  ]);
  return pad([['#', 'STEP', 'MODULE', 'HOSTS', 'TAGS'], ...rows]).map((line) => `  ${line.trimEnd()}`);
}

function listTags(runbook: Runbook, prepared: readonly PreparedStep[]): string[] {
  const counts = new Map<string, number>();
  for (const { step } of prepared) for (const tag of step.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  const all = [...new Set(runbook.steps.flatMap((step) => step.tags))].sort();
  if (all.length === 0) return ['  (no step has a tag)'];
  return all.map((tag) => `  ${tag}: ${counts.get(tag) ?? 0} step${counts.get(tag) === 1 ? '' : 's'} selected`);
}

function listHosts(prepared: readonly PreparedStep[]): string[] {
  const hosts = [...new Set(prepared.flatMap((p) => p.targets.flatMap((t) => (t ? [t.name] : []))))];
  const rows = prepared.map((p) => [`${p.step.id}:`, targetsOf(p)]);
  return [...pad(rows).map((line) => `  ${line}`), '', `hosts (${hosts.length}): ${hosts.join(', ') || 'none'}`];
}

/** The listings asked for, in the order steps, tags, hosts. */
export function formatListing(
  runbook: Runbook,
  prepared: readonly PreparedStep[],
  flags: ListingFlags,
  cwd: string
): string {
  const head = `runbook "${runbook.name}" (${displayPath(runbook.path, cwd)}): ${prepared.length} of ${runbook.steps.length} steps selected`;
  const sections = [
    ...(flags.listSteps === true ? [['steps:', ...listSteps(prepared)]] : []),
    ...(flags.listTags === true ? [['tags:', ...listTags(runbook, prepared)]] : []),
    ...(flags.listHosts === true ? [['hosts per step:', ...listHosts(prepared)]] : []),
  ];
  return `${[head, ...sections.map((lines) => lines.join('\n'))].join('\n\n')}\n`;
}
