/**
 * Debian's Chromium through playwright-core (no browser download), headless, with the flags from
 * test-environment.md; Playwright gives each launch a fresh temporary profile (user-data-dir).
 * Plus what every journey checks on a page: no script errors or CSP violations, axe-core with no
 * serious or critical violations, and screenshots in light and dark.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM } from '../../fixtures/components';
import { ROOT } from './renderer-build';

export const SCREENSHOT_DIR = join(ROOT, 'test-artifacts/screenshots');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Collects what must never happen on a page: uncaught errors, console errors, CSP violations. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // the browser's own "Failed to load resource" for an API 4xx would show here too: none expected
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return problems;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core (served same-origin, so the strict CSP allows it) and returns serious/critical violations. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.addScriptTag({ url: '/__test__/axe.min.js' });
  const violations = await page.evaluate(async () => {
    type Result = { violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> };
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<Result> } }).axe;
    const r = await axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => String(n.target[0])) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Screenshots `name` in light and dark, and checks axe in both (colour contrast differs). Returns
 * the serious/critical violations of both schemes.
 */
export async function captureView(page: Page, name: string): Promise<AxeViolation[]> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const found: AxeViolation[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${colorScheme}.png`), fullPage: true, animations: 'disabled' });
    for (const v of await seriousA11yViolations(page)) found.push({ ...v, id: `${colorScheme}:${v.id}` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}
