/**
 * The common shape every benchmark's figures are reported in, and their rendering for the terminal
 * and for markdown. A figure carries its own target so PASS/MISS is decided in one place, and a
 * benchmark that could not run is a reported problem rather than a silently shorter table.
 */
import { machineLines, type MachineInfo } from './machine';

export type Verdict = 'PASS' | 'MISS' | 'INFO';

export interface Target {
  op: '<=' | '>=';
  value: number;
}

export interface Figure {
  /** Which benchmark produced it ("switch", "credential-process", …). */
  bench: string;
  label: string;
  /** undefined when the figure could not be measured (the note says why). */
  value: number | undefined;
  unit: string;
  target?: Target;
  note?: string;
}

export interface BenchProblem {
  bench: string;
  kind: 'absent' | 'failed';
  message: string;
}

export interface Report {
  startedAt: Date;
  durationSeconds: number;
  machine: MachineInfo;
  figures: Figure[];
  problems: BenchProblem[];
}

export function verdict(f: Figure): Verdict {
  if (!f.target) return 'INFO';
  if (f.value === undefined || Number.isNaN(f.value)) return 'MISS';
  return f.target.op === '<=' ? (f.value <= f.target.value ? 'PASS' : 'MISS') : f.value >= f.target.value ? 'PASS' : 'MISS';
}

function formatValue(f: Figure): string {
  if (f.value === undefined || Number.isNaN(f.value)) return 'n/a';
  const digits = Number.isInteger(f.value) || Math.abs(f.value) >= 100 ? 0 : Math.abs(f.value) >= 10 ? 1 : 2;
  return `${f.value.toFixed(digits)} ${f.unit}`.trim();
}

function formatTarget(t: Target | undefined, unit: string): string {
  return t ? `${t.op === '<=' ? '≤' : '≥'} ${t.value} ${unit}`.trim() : '';
}

/** One aligned terminal line per figure, verdict last so a MISS stands out. */
export function figureLines(figures: readonly Figure[]): string[] {
  const labelWidth = Math.max(10, ...figures.map((f) => f.label.length));
  return figures.map((f) => {
    const v = verdict(f);
    const target = formatTarget(f.target, f.unit);
    const main = `  ${f.label.padEnd(labelWidth)}  ${formatValue(f).padStart(12)}  ${(target ? `target ${target}` : '').padEnd(20)}  ${v === 'INFO' ? '' : v}`;
    return f.note ? `${main.trimEnd()}\n  ${' '.repeat(labelWidth)}  ↳ ${f.note}` : main.trimEnd();
  });
}

export function printReport(report: Report): void {
  console.log(`Rolecall benchmarks — ${report.startedAt.toISOString()}`);
  for (const [k, v] of machineLines(report.machine)) console.log(`  ${k.padEnd(28)} ${v}`);
  const groups = groupBy(report.figures);
  for (const [bench, figures] of groups) {
    console.log(`\n[${bench}]`);
    for (const line of figureLines(figures)) console.log(line);
  }
  if (report.problems.length) {
    console.log('\nNot measured:');
    for (const p of report.problems) console.log(`  ${p.bench}: ${p.kind} — ${p.message}`);
  }
  const counts = tally(report.figures);
  console.log(`\n${counts.PASS} PASS, ${counts.MISS} MISS, ${report.problems.length} not measured (${report.durationSeconds.toFixed(0)} s)`);
}

export function toMarkdown(report: Report): string {
  const out: string[] = [`# Rolecall benchmark results`, '', `Run at ${report.startedAt.toISOString()} (${report.durationSeconds.toFixed(0)} s).`, ''];
  out.push('| Machine | |', '|---|---|');
  for (const [k, v] of machineLines(report.machine)) out.push(`| ${k} | ${escapeCell(v)} |`);
  for (const [bench, figures] of groupBy(report.figures)) {
    out.push('', `## ${bench}`, '', '| Figure | Value | Target | Verdict | Note |', '|---|---:|---|---|---|');
    for (const f of figures) {
      const v = verdict(f);
      out.push(`| ${escapeCell(f.label)} | ${formatValue(f)} | ${formatTarget(f.target, f.unit)} | ${v === 'INFO' ? '' : `**${v}**`} | ${escapeCell(f.note ?? '')} |`);
    }
  }
  if (report.problems.length) {
    out.push('', '## Not measured', '');
    for (const p of report.problems) out.push(`- **${p.bench}** (${p.kind}): ${escapeCell(p.message)}`);
  }
  const counts = tally(report.figures);
  out.push('', `${counts.PASS} PASS, ${counts.MISS} MISS, ${report.problems.length} not measured.`, '');
  return out.join('\n');
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function groupBy(figures: readonly Figure[]): Map<string, Figure[]> {
  const groups = new Map<string, Figure[]>();
  for (const f of figures) groups.set(f.bench, [...(groups.get(f.bench) ?? []), f]);
  return groups;
}

function tally(figures: readonly Figure[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { PASS: 0, MISS: 0, INFO: 0 };
  for (const f of figures) counts[verdict(f)]++;
  return counts;
}
