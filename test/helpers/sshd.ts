/**
 * Real-sshd tests: `describeSshd` runs them when OpenSSH's sshd is installed; where it is missing they say so
 * loudly and skip, unless RUNBOOK_REQUIRE_SSHD=1 (CI), where they fail. The servers themselves: sshd-process.ts.
 */
import { sshdMissingReason } from './sshd-process';

export * from './sshd-process';

/**
 * `describe` for tests that need a prerequisite: runs them when `missing` is undefined; otherwise fails
 * (RUNBOOK_REQUIRE_SSHD=1) or skips with a loud warning.
 */
export function describeIf(missing: string | undefined, title: string, body: () => void): void {
  if (missing === undefined) return describe(title, body);
  if (process.env.RUNBOOK_REQUIRE_SSHD === '1') {
    return describe(title, () => {
      it('has its prerequisites (RUNBOOK_REQUIRE_SSHD=1)', () => {
        throw new Error(`cannot run "${title}": ${missing}`);
      });
    });
  }
  const bar = '!'.repeat(100);
  console.warn(`${bar}\nSKIPPING real-sshd tests "${title}": ${missing}\n${bar}`);
  describe.skip(title, body);
}

export function describeSshd(title: string, body: () => void): void {
  describeIf(sshdMissingReason(), title, body);
}
