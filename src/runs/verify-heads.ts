/**
 * The journal against its signed heads (heads.ts): each head's SSHSIG must be valid (and, with an allowed signers
 * file, by a key it allows), name this run, and match the journal: the line it covers must exist and carry the
 * digest it signed. Then what no head covers is named: lines after the last head, which a crash after the last
 * checkpoint leaves as well as an append does (the file alone cannot tell them apart, and this says so).
 */
import { findSigner } from './allowed-signers';
import type { AllowedSigner } from './allowed-signers';
import type { StoredHead } from './heads';
import type { JournalScan } from './scan';
import { checkSignature, fingerprintOf, JOURNAL_NAMESPACE, keyTypeOf, parseSignature, SshsigError } from './sshsig';

export interface SignaturePolicy {
  /** `--signers FILE`: a signature by one of these keys is required. */
  signers?: readonly AllowedSigner[];
  /** `--identity`: the principal the signer must be. */
  identity?: string;
}

export interface HeadsVerdict {
  /** Undefined when the heads agree with the journal (and the policy is met); else what is wrong. */
  problem?: { line: number; reason: string };
  /** What the heads establish, or why they establish nothing (for the ok line and the notes). */
  notes: string[];
}

interface CheckedHead {
  stored: StoredHead;
  lines: number;
  digest: string;
  signer: string;
}

export function verifyHeads(
  runId: string,
  scan: JournalScan,
  heads: readonly StoredHead[],
  policy: SignaturePolicy
): HeadsVerdict {
  const isRequired = policy.signers !== undefined;
  if (heads.length === 0) {
    if (isRequired) {
      return fail(
        scan.lines + 1,
        'the journal has no signed head (heads/): it was not signed, or its heads were removed',
        []
      );
    }
    return {
      notes: [
        'not signed: a cut tail, an appended line or a recomputed chain cannot be detected without a signed head',
      ],
    };
  }
  const checked: CheckedHead[] = [];
  for (const stored of heads) {
    const result = checkHead(runId, stored, policy);
    if (typeof result === 'string') return fail(stored.head?.lines ?? 1, result, []);
    checked.push(result);
  }
  return compareWithJournal(scan, checked, isRequired);
}

function checkHead(runId: string, stored: StoredHead, policy: SignaturePolicy): CheckedHead | string {
  const { head } = stored;
  if (head === undefined) return `${stored.source} is not a journal head`;
  if (head.runId !== runId) return `${stored.source} is the head of run ${head.runId}, not of this run`;
  let problem: string | undefined;
  let signature;
  try {
    signature = parseSignature(stored.signature);
    problem = checkSignature(Buffer.from(stored.message), signature, JOURNAL_NAMESPACE);
  } catch (error) {
    if (!(error instanceof SshsigError)) throw error;
    problem = error.message;
  }
  if (problem !== undefined || signature === undefined)
    return `the signature of the head at line ${head.lines} is not valid: ${problem}`;
  const key = `${keyTypeOf(signature.publicKey)} ${fingerprintOf(signature.publicKey)}`;
  if (policy.signers === undefined) return { stored, lines: head.lines, digest: head.digest, signer: key };
  const at = new Date(head.signedAt);
  const match = findSigner(policy.signers, signature.publicKey, JOURNAL_NAMESPACE, {
    ...(policy.identity === undefined ? {} : { identity: policy.identity }),
    at: Number.isNaN(at.getTime()) ? new Date() : at,
  });
  if (match.principals.length === 0) {
    const why = match.excluded.length > 0 ? ` (${match.excluded.join('; ')})` : '';
    return `the head at line ${head.lines} is signed by ${key}, which the allowed signers do not allow${why}`;
  }
  return { stored, lines: head.lines, digest: head.digest, signer: `${match.principals.join(',')} (${key})` };
}

function compareWithJournal(scan: JournalScan, heads: readonly CheckedHead[], isRequired: boolean): HeadsVerdict {
  const last = heads[heads.length - 1] as CheckedHead;
  if (last.lines > scan.lines) {
    if (scan.torn?.line === scan.lines + 1) {
      const reason =
        `line ${scan.torn.line} is torn, but a signed head covers it: heads are signed after their lines are ` +
        'synced, so a crash cannot tear a signed line (it was cut or edited)';
      return fail(scan.torn.line, reason, []);
    }
    const missing =
      scan.lines + 1 === last.lines ? `line ${last.lines} was` : `lines ${scan.lines + 1}-${last.lines} were`;
    const reason = `the journal ends at line ${scan.lines} but its signed head covers ${last.lines} lines: ${missing} removed (a cut tail)`;
    return fail(scan.lines + 1, reason, []);
  }
  let lastMatching = 0;
  for (const head of heads) {
    if (scan.digests.get(head.lines) !== head.digest) {
      const from = lastMatching + 1;
      return fail(
        head.lines,
        `line ${head.lines} does not match the signed head at line ${head.lines}: the journal was rewritten (an edit, its chain ` +
          `recomputed) in lines ${from}-${head.lines}` +
          (lastMatching > 0 ? ` (the head at line ${lastMatching} still matches)` : ''),
        []
      );
    }
    lastMatching = head.lines;
  }
  const signers = [...new Set(heads.map((h) => h.signer))].join(', ');
  const notes = [
    `signed by ${signers}: ${heads.length} head${heads.length === 1 ? '' : 's'}, the last at line ${last.lines}`,
  ];
  if (scan.lines === last.lines) return { notes };
  const uncovered = `lines ${last.lines + 1}-${scan.lines} are after the last signed head (line ${last.lines}): appended since, or written by a run that stopped (a crash, a kill) before it signed them; the file cannot tell which (a resume of the run signs them)`;
  return isRequired ? fail(last.lines + 1, uncovered, []) : { notes: [...notes, uncovered] };
}

function fail(line: number, reason: string, notes: string[]): HeadsVerdict {
  return { problem: { line, reason }, notes };
}
