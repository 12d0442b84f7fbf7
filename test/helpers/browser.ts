// Headless Chromium for the tests that look at a report as a person would: Debian's chromium package (installed by
// scripts/install-chromium.sh), driven by playwright-core, offline, with a fresh profile each time.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { tempDir } from './tmp.js';

const CHROMIUM = process.env.KSB_CHROMIUM ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can: decided before a test is declared. */
export const chromiumMissing = existsSync(CHROMIUM)
  ? undefined
  : `no Chromium at ${CHROMIUM} (bash scripts/install-chromium.sh installs Debian's chromium; KSB_CHROMIUM names another)`;

/** Where a browser test keeps what it saw (screenshots), beside the build: dist/test-output/<name>/. */
export async function testOutputDir(name: string): Promise<string> {
  const dir = fileURLToPath(new URL(`../../test-output/${name}/`, import.meta.url));
  await mkdir(dir, { recursive: true });
  return dir;
}

export async function launchChromium(t: { teardown(f: () => Promise<void>): void }): Promise<BrowserContext> {
  const { chromium } = await import('playwright-core');
  const profile = await tempDir(t, 'ksb-chromium-');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    offline: true,
    viewport: { width: 1000, height: 800 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  t.teardown(() => context.close());
  return context;
}

/** Console errors, uncaught exceptions and failed requests of a page, from now on. */
export function pageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? '?'})`));
  return problems;
}
