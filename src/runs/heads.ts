/**
 * A journal's signed heads: where the chain ended when it was signed, outside the journal file, so that a cut
 * tail, an appended line or a recomputed chain no longer matches what the operator's key signed. A head is a
 * short text (below) and its SSHSIG signature (sshsig.ts), kept in the run's directory as
 *
 *     heads/000000212.head        the signed text
 *     heads/000000212.head.sig    its signature: ssh-keygen -Y verify -n runbook-journal -s … < heads/000000212.head
 *
 * one pair per checkpoint (named by the number of lines it covers), and in the PostgreSQL backend when there is
 * one. The signature is written before the text, each atomically, so a crash never leaves a head without one.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { syncDirectorySync } from './fsync';

export const HEADS_DIR = 'heads';
const TITLE = 'runbook journal head';

export interface JournalHead {
  runId: string;
  /** How many lines the head covers: lines 1..lines. */
  lines: number;
  /** The digest of line `lines` (which seals every line before it). */
  digest: string;
  /** The event type of that line (`run.finished` when the head seals a session's end). */
  lastEvent: string;
  /** ISO time of the signature. */
  signedAt: string;
}

export interface SignedHead {
  head: JournalHead;
  /** The signed text, byte for byte. */
  message: string;
  /** Armored SSHSIG. */
  signature: string;
}

export function formatHead(head: JournalHead): string {
  return [
    TITLE,
    `run ${head.runId}`,
    `lines ${head.lines}`,
    `digest ${head.digest}`,
    `last-event ${head.lastEvent}`,
    `signed-at ${head.signedAt}`,
    '',
  ].join('\n');
}

const HEAD_PATTERN = new RegExp(
  `^${TITLE}\\nrun (\\S+)\\nlines ([1-9]\\d*)\\ndigest ([0-9a-f]{64})\\nlast-event (\\S+)\\nsigned-at (\\S+)\\n$`
);

/** The head a text states, or undefined when it is not exactly a head's text. */
export function parseHead(message: string): JournalHead | undefined {
  const match = HEAD_PATTERN.exec(message);
  if (!match) return undefined;
  const [, runId, lines, digest, lastEvent, signedAt] = match as unknown as string[];
  return { runId: runId!, lines: Number(lines), digest: digest!, lastEvent: lastEvent!, signedAt: signedAt! };
}

export function headsDirOf(runDir: string): string {
  return join(runDir, HEADS_DIR);
}

export function headPathOf(runDir: string, lines: number): string {
  return join(headsDirOf(runDir), `${String(lines).padStart(9, '0')}.head`);
}

/** Store a signed head in the run's directory: the signature, then the text, each written aside and renamed. */
export function writeSignedHead(runDir: string, signed: { message: string; signature: string; lines: number }): void {
  const dir = headsDirOf(runDir);
  mkdirSync(dir, { recursive: true });
  const path = headPathOf(runDir, signed.lines);
  writeAtomically(`${path}.sig`, signed.signature);
  writeAtomically(path, signed.message);
  syncDirectorySync(dir);
}

function writeAtomically(path: string, text: string): void {
  const draft = `${path}.${process.pid}.tmp`;
  writeFileSync(draft, text, { flush: true });
  renameSync(draft, path);
}

export interface StoredHeads {
  /** Complete pairs (text and signature), by the lines they cover. */
  heads: StoredHead[];
  /** Files that are not a head's: a text without its signature, or a text that is not a head. */
  strays: string[];
}

export interface StoredHead {
  /** The head as stated by its text (undefined: the text is not a head's). */
  head: JournalHead | undefined;
  message: string;
  signature: string;
  /** Where it was read (a file, or `postgresql`). */
  source: string;
}

/** The heads in a run's directory, ordered by the lines they cover. */
export function readStoredHeads(runDir: string): StoredHeads {
  const dir = headsDirOf(runDir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return { heads: [], strays: [] };
  }
  const heads: StoredHead[] = [];
  const strays: string[] = [];
  for (const name of names.filter((n) => n.endsWith('.head')).sort()) {
    const path = join(dir, name);
    if (!names.includes(`${name}.sig`)) {
      strays.push(path);
      continue;
    }
    const message = readFileSync(path, 'utf8');
    heads.push({ head: parseHead(message), message, signature: readFileSync(`${path}.sig`, 'utf8'), source: path });
  }
  return { heads: heads.sort((a, b) => (a.head?.lines ?? 0) - (b.head?.lines ?? 0)), strays };
}
