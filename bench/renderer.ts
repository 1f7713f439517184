/**
 * Renderer figures (issue 5), measured in Debian's Chromium:
 * - the initial bundle: every script and stylesheet `out/renderer/index.html` loads, raw and gzip -9
 *   (target ≤ 150 KB gzip);
 * - first render of 500 profiles: the built app with a `window.api` that answers at once, timed with
 *   the app's own performance marks from "listing stored" to "500 rows committed" (target ≤ 150 ms),
 *   plus navigation → rows committed (script load and evaluation included);
 * - 50 live countdowns over 10 simulated minutes (Playwright's clock): timers, ticks, renders and
 *   the page's CPU time of the shared ticker next to the naive design (an interval per countdown),
 *   renders counted with React's <Profiler> in a profiling build of a benchmark page.
 *
 * Run: `node --import tsx bench/renderer.ts` (after `npm run build`, or it builds the renderer itself).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { launchChromium } from '../test/e2e/support/browser';
import { builtRenderer, ROOT } from '../test/e2e/support/renderer-build';
import { serveDirectory } from '../test/e2e/support/static-server';
import { summarize } from './lib/stats';
import { benchApiScript } from './renderer-fake-api';

export interface RendererBenchResult {
  bundle: { files: string[]; jsBytes: number; cssBytes: number; jsGzipBytes: number; cssGzipBytes: number; initialGzipBytes: number };
  /** Listing stored → 500 rows committed (the app's marks). */
  firstRender500: { runs: number; medianMs: number; p95Ms: number; minMs: number };
  /** Navigation start → 500 rows committed. */
  pageLoad500: { navigationToRenderedMedianMs: number };
  countdowns50: {
    simulatedMinutes: number;
    sharedTimers: number;
    sharedTicks: number;
    sharedRowRenders: number;
    sharedMaxRendersPerRow: number;
    /** Chromium's TaskDuration for the page over the run (includes driving the fake clock, same for both). */
    sharedPageCpuMs: number;
    naiveTimers: number;
    naiveRowRenders: number;
    naiveMaxRendersPerRow: number;
    naivePageCpuMs: number;
  };
}

const RUNS = 9;
const SIMULATED_MINUTES = Number(process.env.RENDERER_BENCH_MINUTES ?? 10);

/** Sizes of what index.html loads up front (scripts, module preloads, stylesheets). */
export function measureBundle(dir: string): RendererBenchResult['bundle'] {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  const files = [...new Set(refs)];
  let jsBytes = 0;
  let cssBytes = 0;
  let jsGzipBytes = 0;
  let cssGzipBytes = 0;
  for (const f of files) {
    const body = readFileSync(join(dir, f));
    const gz = gzipSync(body, { level: 9 }).length;
    if (f.endsWith('.js')) {
      jsBytes += body.length;
      jsGzipBytes += gz;
    } else {
      cssBytes += body.length;
      cssGzipBytes += gz;
    }
  }
  return { files, jsBytes, cssBytes, jsGzipBytes, cssGzipBytes, initialGzipBytes: jsGzipBytes + cssGzipBytes };
}

async function measureFirstRender(browser: Browser, dir: string): Promise<Pick<RendererBenchResult, 'firstRender500' | 'pageLoad500'>> {
  const server = await serveDirectory(dir);
  const context = await browser.newContext({ viewport: { width: 1040, height: 760 } });
  await context.addInitScript({ content: benchApiScript(500) });
  const render: number[] = [];
  const navigation: number[] = [];
  try {
    for (let i = 0; i <= RUNS; i++) {
      const page = await context.newPage();
      await page.goto(`${server.url}/index.html#/`);
      await page.waitForFunction(() => performance.getEntriesByName('rolecall:profiles-rendered').length > 0, undefined, { timeout: 30_000 });
      const marks = await page.evaluate(() => ({
        loaded: performance.getEntriesByName('rolecall:profiles-loaded')[0]!.startTime,
        rendered: performance.getEntriesByName('rolecall:profiles-rendered')[0]!.startTime,
        rows: (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('li[data-profile]').length,
      }));
      await page.close();
      if (marks.rows !== 480) throw new Error(`expected 480 profile rows (500 minus 20 collapsed "other"), saw ${marks.rows}`);
      if (i === 0) continue; // warm-up: cold caches and JIT
      render.push(marks.rendered - marks.loaded);
      navigation.push(marks.rendered);
    }
  } finally {
    await context.close();
    await server.close();
  }
  const r = summarize(render);
  return {
    firstRender500: { runs: render.length, medianMs: r.median, p95Ms: r.p95, minMs: r.min },
    pageLoad500: { navigationToRenderedMedianMs: summarize(navigation).median },
  };
}

/** The countdown page, built with React's profiling build so <Profiler> counts renders. */
async function buildCountdownPage(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'rolecall-bench-'));
  await build({
    configFile: false,
    root: join(ROOT, 'renderer'),
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    resolve: { alias: [{ find: /^react-dom\/client$/, replacement: 'react-dom/profiling' }] },
    build: { outDir: out, emptyOutDir: true, minify: true, rollupOptions: { input: join(ROOT, 'renderer/bench/countdowns.html') } },
  });
  return out;
}

type Reading = {
  shared: { commits: number; maxPerCard: number; ticks: number; subscribers: number; timerPending: boolean };
  naive: { commits: number; maxPerCard: number; timers: number };
};

/** One mode of the countdown page over the simulated minutes: its reading and the page's real CPU time. */
async function runCountdownMode(browser: Browser, url: string, mode: 'shared' | 'naive'): Promise<{ before: Reading; after: Reading; cpuMs: number }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const start = Date.now();
    await page.clock.install({ time: start });
    await page.goto(`${url}/bench/countdowns.html?count=50&mode=${mode}`);
    await page.locator('.card').nth(49).waitFor();
    await page.clock.pauseAt(start + 5000);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    // the page's clock is fake, so its cost is read from Chromium's own task accounting
    const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
    const read = () => page.evaluate(() => (globalThis as unknown as { __bench: { read(): Reading } }).__bench.read());
    await page.evaluate(() => (globalThis as unknown as { __bench: { reset(): void } }).__bench.reset());
    const before = await read();
    const cpuBefore = await taskSeconds();
    // one simulated second at a time, so React renders between ticks as it would in real time
    for (let s = 0; s < SIMULATED_MINUTES * 60; s++) await page.clock.fastForward(1000);
    // let the last tick's renders commit: a MessageChannel task (not faked by the clock) runs after React's
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          // the page's MessageChannel (the callback runs in Chromium, not under Node's types)
          const channel = new MessageChannel() as unknown as { port1: { onmessage: () => void }; port2: { postMessage(v: number): void } };
          channel.port1.onmessage = () => resolve(null);
          channel.port2.postMessage(0);
        }),
    );
    const cpuMs = ((await taskSeconds()) - cpuBefore) * 1000;
    return { before, after: await read(), cpuMs };
  } finally {
    await context.close();
  }
}

async function measureCountdowns(browser: Browser): Promise<RendererBenchResult['countdowns50']> {
  const dir = await buildCountdownPage();
  const server = await serveDirectory(dir);
  try {
    const shared = await runCountdownMode(browser, server.url, 'shared');
    const naive = await runCountdownMode(browser, server.url, 'naive');
    return {
      simulatedMinutes: SIMULATED_MINUTES,
      sharedTimers: shared.before.shared.timerPending ? 1 : 0,
      sharedTicks: shared.after.shared.ticks - shared.before.shared.ticks,
      sharedRowRenders: shared.after.shared.commits,
      sharedMaxRendersPerRow: shared.after.shared.maxPerCard,
      sharedPageCpuMs: shared.cpuMs,
      naiveTimers: naive.before.naive.timers,
      naiveRowRenders: naive.after.naive.commits,
      naiveMaxRendersPerRow: naive.after.naive.maxPerCard,
      naivePageCpuMs: naive.cpuMs,
    };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runRendererBench(): Promise<RendererBenchResult> {
  const dir = builtRenderer();
  const bundle = measureBundle(dir);
  const browser = await launchChromium();
  try {
    const first = await measureFirstRender(browser, dir);
    const countdowns50 = await measureCountdowns(browser);
    return { bundle, ...first, countdowns50 };
  } finally {
    await browser.close();
  }
}

export function printRendererBench(r: RendererBenchResult): void {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const c = r.countdowns50;
  console.log('Renderer (Chromium, built bundle)');
  console.log(`  initial bundle: JS ${kb(r.bundle.jsBytes)} (${kb(r.bundle.jsGzipBytes)} gzip) + CSS ${kb(r.bundle.cssBytes)} (${kb(r.bundle.cssGzipBytes)} gzip) = ${kb(r.bundle.initialGzipBytes)} gzip  target ≤ 150 KB`);
  console.log(`  first render of 500 profiles (listing stored → rows committed): median ${r.firstRender500.medianMs.toFixed(1)} ms, p95 ${r.firstRender500.p95Ms.toFixed(1)} ms over ${r.firstRender500.runs} loads  target ≤ 150 ms`);
  console.log(`  navigation → 500 rows committed: median ${r.pageLoad500.navigationToRenderedMedianMs.toFixed(1)} ms`);
  console.log(`  50 live countdowns, ${c.simulatedMinutes} simulated minutes:`);
  console.log(`    shared ticker: ${c.sharedTimers} timer, ${c.sharedTicks} ticks, ${c.sharedRowRenders} row renders (max ${c.sharedMaxRendersPerRow} per row), page CPU ${c.sharedPageCpuMs.toFixed(0)} ms`);
  console.log(`    naive (interval per row): ${c.naiveTimers} timers, ${c.naiveRowRenders} row renders (max ${c.naiveMaxRendersPerRow} per row), page CPU ${c.naivePageCpuMs.toFixed(0)} ms`);
  console.log('    (page CPU includes driving the fake clock one second at a time, the same for both)');
}

if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  runRendererBench().then(printRendererBench, (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
