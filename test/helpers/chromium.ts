/**
 * Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) for tests that render the HTML report.
 * Each browser gets a new empty profile and every network feature that could phone home is off. Where chromium is
 * missing the tests fail when RUNBOOK_REQUIRE_CHROMIUM=1 (CI), else skip with a loud warning.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumMissingReason(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} is missing (apt-get install chromium)`;
}

/** `describe` that runs only where chromium is installed (or fails when it is required and missing). */
export function describeChromium(title: string, body: () => void): void {
  const missing = chromiumMissingReason();
  if (missing === undefined) return describe(title, body);
  if (process.env.RUNBOOK_REQUIRE_CHROMIUM === '1') {
    return describe(title, () => {
      it('has its prerequisites (RUNBOOK_REQUIRE_CHROMIUM=1)', () => {
        throw new Error(`cannot run "${title}": ${missing}`);
      });
    });
  }
  const bar = '!'.repeat(100);
  console.warn(`${bar}\nSKIPPING headless-Chromium tests "${title}": ${missing}\n${bar}`);
  describe.skip(title, body);
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A headless Chromium with a new, empty user-data-dir (removed on close). */
export async function launchChromium(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'runbook-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1100, height: 900 },
  });
  return {
    context,
    async close(): Promise<void> {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
