/**
 * Turns the results of the benchmarks other modules own (parse, upsert, renderer) into report
 * figures with their issue targets. Results arrive as `unknown` and are checked field by field: a
 * bench whose result shape changed still shows its numbers (flattened, without verdict) instead of
 * breaking the whole run.
 */
import type { Figure, Target } from './report';
import { round } from './stats';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (o: Obj, k: string): number | undefined => (typeof o[k] === 'number' && Number.isFinite(o[k]) ? (o[k] as number) : undefined);

/** Issue 2: parse + resolve 10,000 profiles ≤ 100 ms, side by side with botocore (ratio reported). */
export function parseFigures(result: unknown): Figure[] {
  if (!Array.isArray(result) || !result.every((r) => isObj(r) && num(r, 'rolecallMedianMs') !== undefined)) return genericFigures('parse', result);
  const bench = 'parse';
  return (result as Obj[]).flatMap((r) => {
    const n = num(r, 'profiles') ?? NaN;
    const target = num(r, 'targetMs');
    const size = `${n.toLocaleString('en')} profiles`;
    const out: Figure[] = [
      {
        bench,
        label: `Rolecall parse + resolve, ${size}, median`,
        value: round(num(r, 'rolecallMedianMs')!),
        unit: 'ms',
        ...(target !== undefined ? { target: { op: '<=', value: target } as Target } : {}),
        note: `${num(r, 'runs') ?? '?'} runs; SDK loader alone ${num(r, 'sdkLoaderMedianMs') ?? 'n/a'} ms`,
      },
    ];
    const boto = num(r, 'botocoreMedianMs');
    if (boto !== undefined) out.push({ bench, label: `botocore full_config, ${size}, median`, value: round(boto), unit: 'ms', note: 'python3-botocore, timed inside Python (no interpreter start-up)' });
    const ratio = num(r, 'ratio');
    if (ratio !== undefined) out.push({ bench, label: `ratio botocore ÷ Rolecall, ${size}`, value: round(ratio, 1), unit: '×' });
    return out;
  });
}

/** Issue 2: upsert into a 10,000-section credentials file ≤ 20 ms median. */
export function upsertFigures(result: unknown): Figure[] {
  if (!isObj(result) || num(result, 'medianMs') === undefined) return genericFigures('upsert', result);
  const bench = 'upsert';
  const sections = num(result, 'sections') ?? NaN;
  const target = num(result, 'targetMedianMs') ?? 20;
  const bytes = num(result, 'fileBytes');
  return [
    {
      bench,
      label: `upsert, ${sections.toLocaleString('en')}-section credentials file, median`,
      value: round(num(result, 'medianMs')!),
      unit: 'ms',
      target: { op: '<=', value: target },
      note: `${num(result, 'runs') ?? '?'} runs${bytes !== undefined ? `, ${(bytes / 1e6).toFixed(1)} MB file` : ''}; lock, fsync, rename`,
    },
    ...(num(result, 'p95Ms') !== undefined ? [{ bench, label: 'upsert, p95', value: round(num(result, 'p95Ms')!), unit: 'ms' }] : []),
    ...(num(result, 'textOnlyMedianMs') !== undefined ? [{ bench, label: 'text edit alone, median', value: round(num(result, 'textOnlyMedianMs')!), unit: 'ms' }] : []),
  ];
}

/**
 * Issue 5: initial renderer bundle ≤ 150 KB gzip, first render of 500 profiles ≤ 150 ms, and the cost
 * of 50 live countdowns (no numeric target). Knows bench/renderer.ts's result; any other shape is
 * flattened, with the two targets attached by field name.
 */
export function rendererFigures(result: unknown): Figure[] {
  const bench = 'renderer';
  const r = isObj(result) ? result : {};
  const bundle = isObj(r.bundle) ? r.bundle : undefined;
  const first = isObj(r.firstRender500) ? r.firstRender500 : undefined;
  const gzip = bundle && num(bundle, 'initialGzipBytes');
  const firstMs = first && num(first, 'medianMs');
  if (gzip === undefined || firstMs === undefined) return guessedRendererFigures(result);
  const kb = (n: number | undefined) => (n === undefined ? '?' : `${(n / 1024).toFixed(1)} KB`);
  const out: Figure[] = [
    {
      bench,
      label: 'initial bundle, gzip',
      value: round(gzip / 1024, 1),
      unit: 'KB',
      target: { op: '<=', value: 150 },
      note: `JS ${kb(num(bundle!, 'jsBytes'))} (${kb(num(bundle!, 'jsGzipBytes'))} gzip) + CSS ${kb(num(bundle!, 'cssBytes'))} (${kb(num(bundle!, 'cssGzipBytes'))} gzip), gzip -9`,
    },
    {
      bench,
      label: 'first render of 500 profiles, median',
      value: round(firstMs),
      unit: 'ms',
      target: { op: '<=', value: 150 },
      note: `listing stored → 500 rows committed, Chromium; p95 ${round(num(first!, 'p95Ms') ?? NaN)} ms over ${num(first!, 'runs') ?? '?'} loads`,
    },
  ];
  const page = isObj(r.pageLoad500) ? num(r.pageLoad500, 'navigationToRenderedMedianMs') : undefined;
  if (page !== undefined) out.push({ bench, label: 'navigation → 500 rows committed, median', value: round(page), unit: 'ms', note: 'script load and evaluation included' });
  const c = isObj(r.countdowns50) ? r.countdowns50 : undefined;
  const renders = c && num(c, 'sharedRowRenders');
  if (c && renders !== undefined) {
    const naive = num(c, 'naiveRowRenders');
    out.push({
      bench,
      label: `50 countdowns, ${num(c, 'simulatedMinutes') ?? '?'} simulated min: row renders`,
      value: renders,
      unit: '',
      note: `one shared ticker${naive !== undefined ? `; an interval per row would render ${naive} times` : ''}`,
    });
    // the rest as reported (timers, ticks, per-row maxima, CPU time): names move while the bench evolves
    const rest = Object.fromEntries(Object.entries(c).filter(([k]) => k !== 'sharedRowRenders' && k !== 'naiveRowRenders' && k !== 'simulatedMinutes'));
    out.push(...genericFigures(bench, { countdowns50: rest }));
  }
  return out;
}

function guessedRendererFigures(result: unknown): Figure[] {
  return genericFigures('renderer', result).map((f) => {
    const key = f.label.toLowerCase();
    if (/gzip/.test(key) && f.unit === 'KB') return { ...f, target: { op: '<=', value: 150 } };
    if (/first.?render|render.*500|500.*render/.test(key) && f.unit === 'ms' && !/p95|max|min/.test(key)) return { ...f, target: { op: '<=', value: 150 } };
    return f;
  });
}

/** Every finite number in `result`, labelled by its path; units guessed from the field name (bytes shown as KB). */
export function genericFigures(bench: string, result: unknown): Figure[] {
  const out: Figure[] = [];
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'number' && Number.isFinite(v)) {
      const leaf = path.split('.').pop() ?? path;
      if (/^target/i.test(leaf)) return;
      if (/bytes$/i.test(leaf)) out.push({ bench, label: path.replace(/bytes$/i, 'KB'), value: round(v / 1024, 1), unit: 'KB' });
      else if (/kb$/i.test(leaf)) out.push({ bench, label: path, value: round(v, 1), unit: 'KB' });
      else if (/ms$/i.test(leaf)) out.push({ bench, label: path, value: round(v), unit: 'ms' });
      else out.push({ bench, label: path, value: round(v), unit: '' });
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${path}[${i}]`));
    } else if (isObj(v)) {
      for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
    }
  };
  walk(result, '');
  return out;
}
