/**
 * `rolecall exec admin -- true`, warm (the MFA session already in the keychain, as after the day's
 * first exec): what wrapping a command costs, side by side in one interleaved run with
 * `/usr/bin/aws configure export-credentials --format process` for the same role answering from the AWS
 * CLI's own cache (the aws-vault-style alternative the AWS CLI has), with `true` alone as the floor
 * and `rolecall exec --server admin -- true` (server start + the first session). aws-vault's own
 * figure is on paper only (≈ 20 ms of Go start-up; it is not installed here). No app runs, so each
 * exec resolves in its own process; exec served by a running app is not measured here.
 *
 * Run: `npm run build:cli && bash scripts/with-test-keyring.sh node --import tsx bench/exec.ts`
 */
import { resolve } from 'node:path';
import { ADMIN_ROLE, ACCOUNT, MFA_SERIAL, W1_CONFIG, createWorld, randomKeyId, randomSecret } from '../test/fixtures/core-harness';
import { prepareAwsCliSide } from './lib/aws-cli-side';
import { requireCliBenchComponents } from './lib/cli-bench-setup';
import { startProxyRecorder } from './lib/proxy-recorder';
import type { Figure } from './lib/report';
import { round, summarize, type Summary } from './lib/stats';
import { interleave, runProcess, type ProcessRun } from './lib/timing';

const BIN = resolve('bin/rolecall.cjs');
/** aws-vault is a Go binary: its start-up, from its own reports, before any keychain or STS work. */
const AWS_VAULT_ON_PAPER_MS = 20;

export interface ExecBenchResult {
  runs: number;
  exec: Summary;
  execServer: Summary;
  awsExport: Summary;
  floor: Summary;
  /** exec median − floor median: what rolecall adds around the command. */
  overheadMs: number;
  stsCallsPerExec: number;
}

function ok(what: string, r: ProcessRun): number {
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}): ${r.stderr.trim().split('\n').pop() ?? ''}`);
  return r.ms;
}

export async function runExecBench(opts: { runs?: number; warmup?: number } = {}): Promise<ExecBenchResult> {
  requireCliBenchComponents();
  const runs = opts.runs ?? 20;
  const warmup = opts.warmup ?? 2;
  const world = await createWorld();
  const proxy = await startProxyRecorder();
  let side: Awaited<ReturnType<typeof prepareAwsCliSide>> | undefined;
  try {
    const env = world.cliEnv();
    await (await world.core()).addSource({ name: 'dev', ...world.keys, mfaSerial: MFA_SERIAL, verify: false });
    // the day's first exec: one MFA code opens the MFA session the timed runs reuse
    ok('first exec', await runProcess(process.execPath, [BIN, 'exec', 'admin', '--mfa', world.sts.totp(MFA_SERIAL), '--', 'true'], { env }));

    const issued = world.sts.issueRoleCredentials({ roleArn: ADMIN_ROLE, sessionName: 'botocore-session-1700000000', durationSeconds: 3600 });
    side = await prepareAwsCliSide({
      config: W1_CONFIG,
      source: { name: 'dev', ...world.keys },
      staticProfile: { name: 'static', accessKeyId: randomKeyId(), secretAccessKey: randomSecret() },
      role: { roleArn: ADMIN_ROLE, mfaSerial: MFA_SERIAL },
      seed: { ...issued, assumedRoleArn: `arn:aws:sts::${ACCOUNT}:assumed-role/AdminRole/botocore-session-1700000000`, assumedRoleId: 'AROABENCHADMINROLE0001:botocore-session-1700000000' },
      proxyUrl: proxy.url,
    });
    const awsSide = side;
    let execCalls = 0;
    const tasks = {
      exec: async () => {
        const before = world.sts.calls.length;
        const ms = ok('rolecall exec', await runProcess(process.execPath, [BIN, 'exec', 'admin', '--', 'true'], { env }));
        execCalls += world.sts.calls.length - before;
        return ms;
      },
      execServer: async () => ok('rolecall exec --server', await runProcess(process.execPath, [BIN, 'exec', 'admin', '--server', '--', 'true'], { env })),
      awsExport: async () => ok('aws configure export-credentials', await awsSide.exportCredentials('admin')),
      floor: async () => ok('true', await runProcess('true', [], { env })),
    };
    await interleave(warmup, tasks);
    execCalls = 0;
    const t = await interleave(runs, tasks);
    const exec = summarize(t.exec);
    const floor = summarize(t.floor);
    return { runs, exec, execServer: summarize(t.execServer), awsExport: summarize(t.awsExport), floor, overheadMs: exec.median - floor.median, stsCallsPerExec: execCalls / runs };
  } finally {
    await side?.close();
    await proxy.close();
    await world.close();
  }
}

export function execFigures(r: ExecBenchResult): Figure[] {
  const bench = 'exec';
  const ms = (label: string, s: Summary, note = ''): Figure => ({ bench, label, value: round(s.median), unit: 'ms', note: `p95 ${round(s.p95)} ms${note ? `; ${note}` : ''}` });
  return [
    ms('rolecall exec admin -- true, warm, median', r.exec, `${r.runs} runs; keychain read + ${round(r.stsCallsPerExec, 1)} loopback STS calls per exec`),
    { bench, label: 'rolecall exec overhead over `true`', value: round(r.overheadMs), unit: 'ms' },
    ms('rolecall exec --server admin -- true, median', r.execServer, 'plus the loopback server start and stop'),
    ms('aws configure export-credentials (role from CLI cache), median', r.awsExport),
    { bench, label: 'aws-vault exec (on paper: Go start-up)', value: AWS_VAULT_ON_PAPER_MS, unit: 'ms', note: 'not installed here; its own start-up figure, before keychain and STS work' },
    ms('floor: true, median', r.floor),
  ];
}

if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  runExecBench()
    .then((r) => {
      for (const f of execFigures(r)) console.log(`${f.label}: ${f.value} ${f.unit}${f.note ? ` (${f.note})` : ''}`);
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    });
}
