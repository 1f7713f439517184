/**
 * Upsert into a 10,000-section credentials file (issue target: ≤ 20 ms median), end to end: shadow
 * check against a config file, lock, read, edit, temp write + fsync, re-read, rename, directory
 * fsync. The pure text edit is timed separately to show where the time goes. Prints figures, asserts
 * nothing. Run: `node --import tsx bench/upsert.ts`.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { upsertSection } from '../electron/core/aws-files/section-writer';
import { upsertSectionText } from '../electron/core/aws-files/section-text';
import { formatMarker } from '../electron/core/aws-files/marker';

export interface UpsertBenchResult {
  sections: number;
  fileBytes: number;
  runs: number;
  medianMs: number;
  p95Ms: number;
  textOnlyMedianMs: number;
  targetMedianMs: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? NaN;
}

/** A credentials file the size of a large organisation's: comments, CRLF, session tokens. */
function generate(sections: number): string {
  const lines = ['# generated for the upsert benchmark', ''];
  for (let i = 0; i < sections; i++) {
    lines.push(
      `# account ${i}`,
      `[acct-${i}.prod]`,
      `aws_access_key_id = AKIA${String(i).padStart(16, '0')}`,
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      ...(i % 10 === 0 ? ['s3 =', '  max_concurrent_requests = 20'] : []),
      '',
    );
  }
  return lines.join('\r\n');
}

const keysFor = (i: number): Record<string, string> => ({
  aws_access_key_id: `ASIA${String(i).padStart(16, '0')}`,
  aws_secret_access_key: `secret/${i}+${'k'.repeat(32)}`,
  aws_session_token: `IQoJb3JpZ2luX2Vj${'T'.repeat(700)}${i}`,
});

export async function runUpsertBench(opts: { sections?: number; runs?: number } = {}): Promise<UpsertBenchResult> {
  const sections = opts.sections ?? 10_000;
  const runs = opts.runs ?? 60;
  const dir = mkdtempSync(join(tmpdir(), 'rolecall-bench-upsert-'));
  try {
    const file = join(dir, 'credentials');
    const config = join(dir, 'config');
    writeFileSync(config, '[default]\nregion = eu-west-1\n[profile acct-5000.prod]\nregion = eu-west-1\n');
    writeFileSync(file, generate(sections), { mode: 0o600 });
    const target = `acct-${Math.floor(sections / 2)}.prod`;
    // First write takes the section over (a backup is written); every timed run is a refresh.
    await upsertSection(file, target, keysFor(0), { expiresAt: new Date() }, { configFile: config, takeOver: true });
    const full: number[] = [];
    for (let i = 1; i <= runs; i++) {
      const t0 = performance.now();
      await upsertSection(file, target, keysFor(i), { expiresAt: new Date(Date.now() + 3600_000), source: 'bench' }, { configFile: config });
      full.push(performance.now() - t0);
    }
    // Distinct flat strings, as a file read gives, so no run reuses the previous run's scan.
    const texts = Array.from({ length: Math.min(runs, 30) }, (_, i) => Buffer.from(`${generate(sections)}# run ${i}\r\n`, 'latin1').toString('latin1'));
    const body = [formatMarker({ expiresAt: new Date() }), ...Object.entries(keysFor(1)).map(([k, v]) => `${k} = ${v}`)];
    const textOnly: number[] = [];
    for (const text of texts) {
      const t0 = performance.now();
      upsertSectionText(text, target, body);
      textOnly.push(performance.now() - t0);
    }
    full.sort((a, b) => a - b);
    textOnly.sort((a, b) => a - b);
    return {
      sections,
      fileBytes: statSync(file).size,
      runs,
      medianMs: percentile(full, 0.5),
      p95Ms: percentile(full, 0.95),
      textOnlyMedianMs: percentile(textOnly, 0.5),
      targetMedianMs: 20,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.replace(/\\/g, '/').endsWith('bench/upsert.ts')) {
  void runUpsertBench().then((r) => {
    console.log(`upsert into a ${r.sections.toLocaleString('en')}-section credentials file (${(r.fileBytes / 1e6).toFixed(1)} MB), ${r.runs} runs`);
    console.log(`  end to end: median ${r.medianMs.toFixed(2)} ms, p95 ${r.p95Ms.toFixed(2)} ms (target ≤ ${r.targetMedianMs} ms median)`);
    console.log(`  text edit alone: median ${r.textOnlyMedianMs.toFixed(2)} ms`);
  });
}
