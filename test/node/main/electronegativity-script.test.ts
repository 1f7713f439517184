import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without type declarations
import { ALLOWLIST, evaluate, formatReport, toFindings } from '../../../scripts/electronegativity.mjs';

type Finding = { id: string; file: string; line: number; column: number; description: string; severity: string; confidence: string };
type Verdict = { ok: boolean; failures: Finding[]; stale: unknown[]; unparsed: unknown[]; allowed: unknown[] };
const run = evaluate as (f: Finding[], e: Array<{ file: string; message: string; tolerable: boolean }>, a?: unknown[]) => Verdict;

const finding = (id: string, file: string, description = 'x'): Finding => ({ id, file, line: 1, column: 0, description, severity: 'HIGH', confidence: 'FIRM' });
const EXPECTED = [
  finding('CSP_GLOBAL_CHECK', 'electron/main/web-security.ts', 'One or more CSP directives detected seems to be vulnerable'),
  finding('CSP_GLOBAL_CHECK', 'renderer/index.html', 'One or more CSP directives detected seems to be vulnerable'),
  finding('CSP_GLOBAL_CHECK', 'renderer/bench/countdowns.html', 'One or more CSP directives detected seems to be vulnerable'),
  finding('OPEN_EXTERNAL_JS_CHECK', 'electron/main/web-security.ts', 'Review the use of openExternal'),
  // openSignInUrl: the one-time loopback redirect for a sign-in URL
  finding('OPEN_EXTERNAL_JS_CHECK', 'electron/main/web-security.ts', 'Review the use of openExternal'),
];

describe('electronegativity gate', () => {
  it('passes the documented false positives, each with a reason', () => {
    const v = run(EXPECTED, []);
    expect(v.ok).toBe(true);
    expect(v.allowed).toHaveLength(5);
    for (const entry of ALLOWLIST as Array<{ reason: string }>) expect(entry.reason.length).toBeGreaterThan(60);
    expect(formatReport(v)).toMatch(/no findings/);
  });

  it('fails on any other finding', () => {
    const v = run([...EXPECTED, finding('SANDBOX_JS_CHECK', 'electron/main/index.ts')], []);
    expect(v.ok).toBe(false);
    expect(v.failures.map((f) => f.id)).toEqual(['SANDBOX_JS_CHECK']);
    expect(formatReport(v)).toMatch(/FINDING +SANDBOX_JS_CHECK electron\/main\/index.ts:1:0/);
  });

  it('does not let an allowlisted check through in another file, or more often than listed', () => {
    expect(run([...EXPECTED, finding('OPEN_EXTERNAL_JS_CHECK', 'electron/main/index.ts')], []).ok).toBe(false);
    expect(run([...EXPECTED, EXPECTED[2]!], []).ok).toBe(false);
  });

  it('does not excuse a CSP the tool rates as definitely weak', () => {
    const weak = finding('CSP_GLOBAL_CHECK', 'renderer/index.html', 'One or more CSP directives detected are vulnerable');
    expect(run([EXPECTED[0]!, weak, EXPECTED[2]!], []).failures).toEqual([weak]);
  });

  it('fails on stale allowlist entries and on files the scanner could not parse', () => {
    expect(run(EXPECTED.slice(1), []).stale).toHaveLength(1);
    const v = run(EXPECTED, [
      { file: 'renderer/src/x.tsx', message: 'Unexpected token', tolerable: false },
      { file: 'renderer/src/y.tsx', message: 'minor', tolerable: true },
    ]);
    expect(v.ok).toBe(false);
    expect(formatReport(v)).toMatch(/UNPARSED renderer\/src\/x.tsx/);
  });

  it('normalises the tool’s issue objects', () => {
    expect(
      toFindings([{ id: 'X_CHECK', file: 'electron\\main\\a.ts', location: { line: 3, column: 4 }, description: 'd', severity: { name: 'LOW' }, confidence: { name: 'FIRM' } }]),
    ).toEqual([{ id: 'X_CHECK', file: 'electron/main/a.ts', line: 3, column: 4, description: 'd', severity: 'LOW', confidence: 'FIRM' }]);
  });
});
