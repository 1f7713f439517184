#!/usr/bin/env node
/**
 * Reads a Vitest JSON report and prints one view of it:
 *   summary  REPORT   "N passed, N failed, N skipped" (the counts of this run)
 *   failures REPORT   each failed test, "file › test name", with the first line of its error
 *   slowest  REPORT [N]  the N (default 10) slowest test files with their durations, so a slow
 *                     drift shows in CI before it becomes a time-out
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const [view, file, count] = process.argv.slice(2);
if (!view || !file) {
  console.error('usage: test-report.mjs summary|failures|slowest REPORT [N]');
  process.exit(2);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
const files = report.testResults ?? [];
const name = (f) => relative(process.cwd(), f.name);

if (view === 'summary') {
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
} else if (view === 'failures') {
  for (const f of files) {
    const failed = (f.assertionResults ?? []).filter((t) => t.status === 'failed');
    for (const t of failed) {
      const first = String(t.failureMessages?.[0] ?? '').split('\n')[0];
      console.log(`${name(f)} › ${t.fullName}: ${first}`);
    }
    // a file that failed outside any test (import error, hook time-out) has no failed assertion
    if (f.status === 'failed' && failed.length === 0) console.log(`${name(f)}: ${String(f.message ?? 'failed').split('\n')[0]}`);
  }
} else if (view === 'slowest') {
  const n = Number(count ?? 10);
  const rows = files.map((f) => ({ file: name(f), ms: (f.endTime ?? 0) - (f.startTime ?? 0), tests: (f.assertionResults ?? []).length }));
  rows.sort((a, b) => b.ms - a.ms);
  console.log(`The ${Math.min(n, rows.length)} slowest test files:`);
  for (const r of rows.slice(0, n)) console.log(`${(r.ms / 1000).toFixed(1).padStart(7)} s  ${r.file} (${r.tests} tests)`);
} else {
  console.error(`test-report.mjs: unknown view "${view}"`);
  process.exit(2);
}
