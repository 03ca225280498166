/**
 * `describePostgres` runs PostgreSQL tests when the server binaries are installed (Debian's `postgresql`); where
 * they are missing it says so loudly and skips, unless RUNBOOK_REQUIRE_POSTGRES=1 (CI), where the tests fail.
 */
import { postgresMissingReason } from './postgres';

export function describePostgres(title: string, body: () => void): void {
  const missing = postgresMissingReason();
  if (missing === undefined) return describe(title, body);
  if (process.env['RUNBOOK_REQUIRE_POSTGRES'] === '1') {
    return describe(title, () => {
      it('has its prerequisites (RUNBOOK_REQUIRE_POSTGRES=1)', () => {
        throw new Error(`cannot run "${title}": ${missing}`);
      });
    });
  }
  const bar = '!'.repeat(100);
  console.warn(`${bar}\nSKIPPING PostgreSQL tests "${title}": ${missing}\n${bar}`);
  describe.skip(title, body);
}
