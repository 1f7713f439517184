/**
 * `npm run bench`: every benchmark in one run, with the machine and tool versions, each figure next
 * to its target and PASS/MISS, printed and written as markdown to test-artifacts/bench-results.md.
 * Benchmarks run one after another (never in parallel: they would time each other). A benchmark
 * module that is absent, lacks its entry point or throws is reported as such; the others still run.
 * Figures are printed, never asserted: the exit code is 0 unless the runner itself breaks.
 *
 * Run: `npm run bench` (builds first; the switch and credential_process benches need the keychain
 * that scripts/with-test-keyring.sh provides and the CLI bundle in out/cli).
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseFigures, rendererFigures, upsertFigures } from './lib/adapters';
import { collectMachineInfo } from './lib/machine';
import { printReport, toMarkdown, type BenchProblem, type Figure, type Report } from './lib/report';
import { switchFigures, type SwitchBenchResult } from './switch';
import { credentialProcessFigures, type CredentialProcessBenchResult } from './credential-process';
import { execFigures, type ExecBenchResult } from './exec';

interface BenchSpec {
  name: string;
  /** File in bench/, relative. */
  file: string;
  /** The exported async function to call. */
  entry: string;
  toFigures(result: unknown): Figure[];
}

const BENCH_DIR = __dirname;
/** A bench that has not settled by then is reported as failed and the run goes on. */
const TIMEOUT_SECONDS = Number(process.env.ROLECALL_BENCH_TIMEOUT_S) || 600;
const OUTPUT = resolve(BENCH_DIR, '..', 'test-artifacts', 'bench-results.md');

const BENCHES: BenchSpec[] = [
  { name: 'parse', file: 'parse.ts', entry: 'runParseBench', toFigures: parseFigures },
  { name: 'upsert', file: 'upsert.ts', entry: 'runUpsertBench', toFigures: upsertFigures },
  { name: 'switch', file: 'switch.ts', entry: 'runSwitchBench', toFigures: (r) => switchFigures(r as SwitchBenchResult) },
  {
    name: 'credential-process',
    file: 'credential-process.ts',
    entry: 'runCredentialProcessBench',
    toFigures: (r) => credentialProcessFigures(r as CredentialProcessBenchResult),
  },
  { name: 'exec', file: 'exec.ts', entry: 'runExecBench', toFigures: (r) => execFigures(r as ExecBenchResult) },
  { name: 'renderer', file: 'renderer.ts', entry: 'runRendererBench', toFigures: rendererFigures },
];

/** Loads `file` and returns its entry function, or the reason it cannot be run. */
async function loadEntry(spec: BenchSpec): Promise<{ run: () => Promise<unknown> } | BenchProblem> {
  const path = join(BENCH_DIR, spec.file);
  if (!existsSync(path)) return { bench: spec.name, kind: 'absent', message: `bench/${spec.file} does not exist` };
  let ns: Record<string, unknown>;
  try {
    ns = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    return { bench: spec.name, kind: 'failed', message: `bench/${spec.file} could not be loaded: ${describe(e)}` };
  }
  const fn = ns[spec.entry] ?? (ns.default as Record<string, unknown> | undefined)?.[spec.entry];
  if (typeof fn !== 'function') return { bench: spec.name, kind: 'absent', message: `bench/${spec.file} does not export ${spec.entry}()` };
  return { run: () => (fn as () => Promise<unknown>)() };
}

function withTimeout<T>(work: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not finish within ${seconds} s (ROLECALL_BENCH_TIMEOUT_S)`)), seconds * 1000);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

function describe(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0]!.slice(0, 300);
}

export async function runAll(only?: readonly string[]): Promise<Report> {
  const startedAt = new Date();
  const t0 = performance.now();
  const machine = await collectMachineInfo();
  const figures: Figure[] = [];
  const problems: BenchProblem[] = [];
  for (const spec of BENCHES) {
    if (only && only.length && !only.includes(spec.name)) continue;
    const entry = await loadEntry(spec);
    if ('kind' in entry) {
      problems.push(entry);
      console.error(`[${spec.name}] ${entry.kind}: ${entry.message}`);
      continue;
    }
    console.error(`[${spec.name}] running…`);
    const started = performance.now();
    try {
      const result = await withTimeout(entry.run(), TIMEOUT_SECONDS);
      figures.push(...spec.toFigures(result));
      console.error(`[${spec.name}] done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } catch (e) {
      problems.push({ bench: spec.name, kind: 'failed', message: describe(e) });
      console.error(`[${spec.name}] failed: ${describe(e)}`);
    }
  }
  return { startedAt, durationSeconds: (performance.now() - t0) / 1000, machine, figures, problems };
}

async function main(): Promise<void> {
  const report = await runAll(process.argv.slice(2));
  console.log('');
  printReport(report);
  await mkdir(resolve(OUTPUT, '..'), { recursive: true });
  await writeFile(OUTPUT, toMarkdown(report));
  console.log(`\nWritten to ${OUTPUT}`);
}

if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  // exit explicitly: a bench that timed out may still hold a browser or a socket open
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
