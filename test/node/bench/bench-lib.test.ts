/**
 * The benchmark helpers whose mistakes would silently publish wrong figures: statistics, the HTTP
 * interval union, the AWS CLI cache key (a wrong key would time a cache miss, not a hit), verdicts
 * and the adapters that attach targets to other benches' results.
 */
import { describe, expect, it } from 'vitest';
import { median, pairwiseDiff, percentile, summarize } from '../../../bench/lib/stats';
import { unionLength } from '../../../bench/lib/http-wire';
import { assumeRoleCacheArgs, assumeRoleCacheKey, botocoreCacheTimestamp, pythonJsonDumps } from '../../../bench/lib/aws-cli-cache';
import { verdict, toMarkdown, type Figure } from '../../../bench/lib/report';
import { genericFigures, parseFigures, rendererFigures, upsertFigures } from '../../../bench/lib/adapters';
import { interleave } from '../../../bench/lib/timing';

describe('stats', () => {
  it('median of odd and even counts, nearest-rank percentile', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(Number.isNaN(median([]))).toBe(true);
    const xs = Array.from({ length: 20 }, (_, i) => i + 1); // 1..20
    expect(percentile(xs, 0.95)).toBe(19);
    expect(percentile(xs, 1)).toBe(20);
    expect(percentile([5], 0.95)).toBe(5);
    expect(summarize([2, 4, 6])).toMatchObject({ n: 3, median: 4, min: 2, max: 6, mean: 4 });
  });

  it('pairs samples by round and refuses unequal series', () => {
    expect(pairwiseDiff([10, 20], [1, 5])).toEqual([9, 15]);
    expect(() => pairwiseDiff([1], [1, 2])).toThrow(/length/);
  });
});

describe('unionLength', () => {
  it('counts overlapping and nested intervals once', () => {
    expect(unionLength([])).toBe(0);
    expect(unionLength([[0, 2], [5, 6]])).toBe(3);
    expect(unionLength([[0, 4], [1, 2], [3, 6], [10, 11]])).toBe(7);
  });
});

describe('AWS CLI assume-role cache key', () => {
  // Expected keys printed by the AWS CLI's own botocore (awscli/botocore 2.0.0dev155) constructing
  // AssumeRoleCredentialFetcher for the same arguments (bench/lib/aws-cli-cache.ts pythonCacheKeyScript).
  it('matches botocore for a role with mfa_serial', () => {
    const p = { roleArn: 'arn:aws:iam::123456789012:role/AdminRole', mfaSerial: 'arn:aws:iam::123456789012:mfa/dev-user' };
    expect(pythonJsonDumps(assumeRoleCacheArgs(p))).toBe('{"RoleArn": "arn:aws:iam::123456789012:role/AdminRole", "SerialNumber": "arn:aws:iam::123456789012:mfa/dev-user"}');
    expect(assumeRoleCacheKey(p)).toBe('bcf6f91d9003c4b7a39c3c26cbc9dc05a254d2e0');
  });

  it('matches botocore with an integer duration, a session name and non-ASCII escapes', () => {
    const p = { roleArn: 'arn:aws:iam::1:role/X', externalId: 'é"\\x', durationSeconds: 3600, roleSessionName: 'me' };
    expect(pythonJsonDumps(assumeRoleCacheArgs(p))).toBe('{"DurationSeconds": 3600, "ExternalId": "\\u00e9\\"\\\\x", "RoleArn": "arn:aws:iam::1:role/X", "RoleSessionName": "me"}');
    expect(assumeRoleCacheKey(p)).toBe('64bdb8caeae46e3e63894cb9b21e2ea3783c287c');
  });

  it('writes expirations the way JSONFileCache does', () => {
    expect(botocoreCacheTimestamp(new Date('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05UTC');
  });
});

describe('report', () => {
  const f = (value: number | undefined, target?: Figure['target']): Figure => ({ bench: 'b', label: 'x', value, unit: 'ms', ...(target ? { target } : {}) });
  it('decides PASS/MISS from the target, INFO without one, MISS when unmeasured', () => {
    expect(verdict(f(10, { op: '<=', value: 15 }))).toBe('PASS');
    expect(verdict(f(16, { op: '<=', value: 15 }))).toBe('MISS');
    expect(verdict(f(12, { op: '>=', value: 10 }))).toBe('PASS');
    expect(verdict(f(9.9, { op: '>=', value: 10 }))).toBe('MISS');
    expect(verdict(f(undefined, { op: '<=', value: 1 }))).toBe('MISS');
    expect(verdict(f(3))).toBe('INFO');
  });

  it('markdown names problems and escapes table cells', () => {
    const md = toMarkdown({
      startedAt: new Date(0),
      durationSeconds: 1,
      machine: { cpuModel: 'cpu', cores: 2, memoryGiB: 1, os: 'os', loadAverage: '0', node: 'v20' },
      figures: [{ bench: 'b', label: 'a|b', value: 1, unit: 'ms', target: { op: '<=', value: 2 } }],
      problems: [{ bench: 'renderer', kind: 'absent', message: 'bench/renderer.ts does not exist' }],
    });
    expect(md).toContain('| a\\|b | 1 ms | ≤ 2 ms | **PASS** |');
    expect(md).toContain('**renderer** (absent): bench/renderer.ts does not exist');
  });
});

describe('adapters', () => {
  it('attaches the issue targets to parse and upsert results', () => {
    const parse = parseFigures([
      { profiles: 1000, runs: 15, rolecallMedianMs: 9, sdkLoaderMedianMs: 4, botocoreMedianMs: 90, ratio: 10 },
      { profiles: 10000, runs: 15, rolecallMedianMs: 120, sdkLoaderMedianMs: 40, targetMs: 100 },
    ]);
    expect(parse.filter((x) => x.target).map((x) => verdict(x))).toEqual(['MISS']);
    expect(parse.map((x) => x.label)).toContain('ratio botocore ÷ Rolecall, 1,000 profiles');
    const upsert = upsertFigures({ sections: 10000, runs: 60, medianMs: 14, p95Ms: 30, textOnlyMedianMs: 3, targetMedianMs: 20 });
    expect(verdict(upsert[0]!)).toBe('PASS');
  });

  it('falls back to flattened numbers for an unknown shape, with renderer targets by field name', () => {
    expect(genericFigures('x', { a: { bMs: 1.234 }, list: [2], name: 'n', targetMs: 9 })).toEqual([
      { bench: 'x', label: 'a.bMs', value: 1.23, unit: 'ms' },
      { bench: 'x', label: 'list[0]', value: 2, unit: '' },
    ]);
    const r = rendererFigures({ initialBundleGzipBytes: 100 * 1024, firstRenderMs: 200, countdownsMs: 1 });
    expect(r.map((x) => [x.label, x.unit, verdict(x)])).toEqual([
      ['initialBundleGzipKB', 'KB', 'PASS'],
      ['firstRenderMs', 'ms', 'MISS'],
      ['countdownsMs', 'ms', 'INFO'],
    ]);
  });
});

describe('renderer adapter', () => {
  it('reads bench/renderer.ts results with both targets', () => {
    const figures = rendererFigures({
      bundle: { files: ['a.js'], jsBytes: 400_000, cssBytes: 10_000, jsGzipBytes: 120_000, cssGzipBytes: 3_000, initialGzipBytes: 123_000 },
      firstRender500: { runs: 9, medianMs: 160.4, p95Ms: 200, minMs: 140 },
      pageLoad500: { navigationToRenderedMedianMs: 300 },
      countdowns50: { simulatedMinutes: 10, sharedTimers: 1, sharedRowRenders: 50, sharedPageCpuMs: 12, naiveRowRenders: 30000 },
    });
    expect(figures.map((f) => [f.label, verdict(f)])).toEqual([
      ['initial bundle, gzip', 'PASS'],
      ['first render of 500 profiles, median', 'MISS'],
      ['navigation → 500 rows committed, median', 'INFO'],
      ['50 countdowns, 10 simulated min: row renders', 'INFO'],
      ['countdowns50.sharedTimers', 'INFO'],
      ['countdowns50.sharedPageCpuMs', 'INFO'],
    ]);
    expect(figures[3]!.note).toContain('30000');
    expect(figures[0]!.value).toBe(120.1);
  });
});

describe('interleave', () => {
  it('runs every task each round, rotating who goes first', async () => {
    const order: string[] = [];
    const task = (name: string) => async () => {
      order.push(name);
      return order.length;
    };
    const out = await interleave(3, { a: task('a'), b: task('b'), c: task('c') });
    expect(order).toEqual(['a', 'b', 'c', 'b', 'c', 'a', 'c', 'a', 'b']);
    expect(out.a).toEqual([1, 6, 8]);
  });
});
