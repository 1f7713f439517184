/**
 * credential_process, warm: `node bin/rolecall.cjs credential-process --profile admin` answered by
 * the app's core over its socket (the core and `startCredentialServer` run in this process; the
 * session is already cached) versus `/usr/bin/aws configure export-credentials --format process`
 * for the same role answering from the AWS CLI's own cache, and for a static-keys profile (the
 * CLI's floor: no role, no cache, just Python start-up and config loading). Targets from the bridge
 * issue: ≥ 10× faster than the AWS CLI, ≤ 60 ms median. Extra lines: the standalone CLI (app not
 * running: keychain worker + AssumeRole + GetCallerIdentity per call) and Node's own start-up.
 *
 * Every contender runs once per round, interleaved, spawned with the async API (the loopback STS and
 * the socket server live in this event loop).
 *
 * Run: `npm run build:cli && bash scripts/with-test-keyring.sh node --import tsx bench/credential-process.ts`
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ADMIN_ROLE, ACCOUNT, MFA_SERIAL, W1_CONFIG, createWorld, randomKeyId, randomSecret } from '../test/fixtures/core-harness';
import { startCredentialServer } from '../electron/core/credential-process/server';
import { prepareAwsCliSide, verifyAwsCliCache, type CacheVerification } from './lib/aws-cli-side';
import { requireCliBenchComponents } from './lib/cli-bench-setup';
import { startProxyRecorder } from './lib/proxy-recorder';
import { prepareSsoSide, SSO_CONFIG, SSO_PROFILE } from './lib/sso-side';
import type { Figure } from './lib/report';
import { round, summarize, type Summary } from './lib/stats';
import { interleave, runProcess, type ProcessRun } from './lib/timing';

export const CREDENTIAL_PROCESS_TARGET_MS = 60;
export const CREDENTIAL_PROCESS_TARGET_RATIO = 10;
const BIN = resolve('bin/rolecall.cjs');

export interface CredentialProcessBenchResult {
  runs: number;
  viaApp: Summary;
  awsCliRoleCache: Summary;
  awsCliStatic: Summary;
  standalone: Summary;
  /** The same two ways for an IAM Identity Center role (token cached, GetRoleCredentials). */
  ssoViaApp: Summary;
  ssoStandalone: Summary;
  nodeFloor: Summary;
  /** `rolecall --version`: Node start-up plus loading the CLI bundle, no credential_process work. */
  bundleFloor: Summary;
  /** AWS CLI role-from-cache median ÷ rolecall (app) median. */
  ratioRole: number;
  /** AWS CLI static-keys median ÷ rolecall (app) median. */
  ratioStatic: number;
  /** STS requests the loopback STS received during each contender's runs. */
  stsCalls: { viaApp: number; awsCli: number; standalone: number; ssoViaApp: number; ssoStandalone: number };
  /** Network attempts of every AWS CLI run (verification, warm-up, timed) at the recording proxy: 0 expected. */
  awsCliNetworkAttempts: number;
  cache: CacheVerification;
}

/** Fails loudly on a run that did not produce credential_process JSON: a failed run is not a fast run. */
function expectCredentials(what: string, r: ProcessRun, keyId?: string): number {
  let parsed: { Version?: number; AccessKeyId?: string } | undefined;
  try {
    parsed = JSON.parse(r.stdout) as { Version?: number; AccessKeyId?: string };
  } catch {
    parsed = undefined;
  }
  if (r.code !== 0 || parsed?.Version !== 1 || (keyId !== undefined && parsed.AccessKeyId !== keyId)) {
    throw new Error(`${what} did not answer as expected (exit ${r.code}): ${r.stderr.trim().split('\n').pop() ?? ''}`);
  }
  return r.ms;
}

export async function runCredentialProcessBench(opts: { runs?: number; warmup?: number } = {}): Promise<CredentialProcessBenchResult> {
  requireCliBenchComponents();
  const runs = opts.runs ?? 20;
  const warmup = opts.warmup ?? 2;
  const world = await createWorld({ config: W1_CONFIG + SSO_CONFIG });
  let ssoSide: Awaited<ReturnType<typeof prepareSsoSide>> | undefined;
  const proxy = await startProxyRecorder();
  const standaloneHome = await mkdtemp(join(tmpdir(), 'rolecall-bench-standalone-'));
  let server: Awaited<ReturnType<typeof startCredentialServer>> | undefined;
  let side: Awaited<ReturnType<typeof prepareAwsCliSide>> | undefined;
  try {
    ssoSide = await prepareSsoSide(world);
    const core = await world.core({ env: { ...world.env, ...ssoSide.env } });
    await core.addSource({ name: 'dev', ...world.keys, mfaSerial: MFA_SERIAL, verify: false });
    // warm: the app's core holds admin's session (one MFA code, as a user would have typed once)
    const warm = await core.credentialsFor('admin', { minRemainingSeconds: 960, promptForMfa: false, mfaCode: world.sts.totp(MFA_SERIAL) });
    const ssoWarm = await core.credentialsFor(SSO_PROFILE, { minRemainingSeconds: 960, promptForMfa: false });
    server = await startCredentialServer(core, { dir: world.appDataDir });

    const role = { roleArn: ADMIN_ROLE, mfaSerial: MFA_SERIAL };
    const issued = world.sts.issueRoleCredentials({ roleArn: ADMIN_ROLE, sessionName: 'botocore-session-1700000000', durationSeconds: 3600 });
    side = await prepareAwsCliSide({
      config: W1_CONFIG,
      source: { name: 'dev', ...world.keys },
      staticProfile: { name: 'static', accessKeyId: randomKeyId(), secretAccessKey: randomSecret() },
      role,
      seed: { ...issued, assumedRoleArn: `arn:aws:sts::${ACCOUNT}:assumed-role/AdminRole/botocore-session-1700000000`, assumedRoleId: 'AROABENCHADMINROLE0001:botocore-session-1700000000' },
      proxyUrl: proxy.url,
    });
    const cache = await verifyAwsCliCache(side, role, 'admin', issued.accessKeyId);
    if (!cache.answeredFromSeed) throw new Error(`the AWS CLI did not answer from the seeded cache file ${side.cacheFile}`);

    const appEnv = world.cliEnv();
    const standaloneEnv = world.cliEnv({ ROLECALL_HOME: standaloneHome }); // no socket there: the CLI resolves on its own
    const ssoAppEnv = world.cliEnv(ssoSide.env);
    const ssoStandaloneEnv = world.cliEnv({ ...ssoSide.env, ROLECALL_HOME: standaloneHome });
    const sts = { viaApp: 0, awsCli: 0, standalone: 0, ssoViaApp: 0, ssoStandalone: 0 };
    const counted = (key: keyof typeof sts, run: () => Promise<number>) => async (): Promise<number> => {
      const before = world.sts.calls.length;
      const ms = await run();
      sts[key] += world.sts.calls.length - before;
      return ms;
    };
    const awsSide = side;
    const tasks = {
      viaApp: counted('viaApp', async () => expectCredentials('rolecall (app)', await runProcess(process.execPath, [BIN, 'credential-process', '--profile', 'admin'], { env: appEnv }), warm.accessKeyId)),
      awsRole: counted('awsCli', async () => expectCredentials('aws (role, cache)', await awsSide.exportCredentials('admin'), issued.accessKeyId)),
      awsStatic: counted('awsCli', async () => expectCredentials('aws (static)', await awsSide.exportCredentials('static'))),
      standalone: counted('standalone', async () => expectCredentials('rolecall (standalone)', await runProcess(process.execPath, [BIN, 'credential-process', '--profile', 'admin'], { env: standaloneEnv }))),
      ssoViaApp: counted('ssoViaApp', async () => expectCredentials('rolecall (app, SSO role)', await runProcess(process.execPath, [BIN, 'credential-process', '--profile', SSO_PROFILE], { env: ssoAppEnv }), ssoWarm.accessKeyId)),
      ssoStandalone: counted('ssoStandalone', async () => expectCredentials('rolecall (standalone, SSO role)', await runProcess(process.execPath, [BIN, 'credential-process', '--profile', SSO_PROFILE], { env: ssoStandaloneEnv }))),
      nodeFloor: async () => (await runProcess(process.execPath, ['-e', '0'], { env: appEnv })).ms,
      bundleFloor: async () => (await runProcess(process.execPath, [BIN, '--version'], { env: appEnv })).ms,
    };
    await interleave(warmup, tasks);
    sts.viaApp = sts.awsCli = sts.standalone = sts.ssoViaApp = sts.ssoStandalone = 0;
    const t = await interleave(runs, tasks);
    const viaApp = summarize(t.viaApp);
    const awsCliRoleCache = summarize(t.awsRole);
    const awsCliStatic = summarize(t.awsStatic);
    return {
      runs,
      viaApp,
      awsCliRoleCache,
      awsCliStatic,
      standalone: summarize(t.standalone),
      ssoViaApp: summarize(t.ssoViaApp),
      ssoStandalone: summarize(t.ssoStandalone),
      nodeFloor: summarize(t.nodeFloor),
      bundleFloor: summarize(t.bundleFloor),
      ratioRole: awsCliRoleCache.median / viaApp.median,
      ratioStatic: awsCliStatic.median / viaApp.median,
      stsCalls: sts,
      awsCliNetworkAttempts: proxy.attempts.length,
      cache,
    };
  } finally {
    await server?.close();
    await side?.close();
    await proxy.close();
    await ssoSide?.sso.close();
    await world.close();
    await rm(standaloneHome, { recursive: true, force: true });
  }
}

export function credentialProcessFigures(r: CredentialProcessBenchResult): Figure[] {
  const bench = 'credential-process';
  const ms = (label: string, s: Summary, extra: Partial<Figure> = {}): Figure => ({ bench, label, value: round(s.median), unit: 'ms', note: `p95 ${round(s.p95)} ms${extra.note ? `; ${extra.note}` : ''}`, ...(extra.target ? { target: extra.target } : {}) });
  const cacheNote = r.cache.botocoreCacheKey === r.cache.cacheKey ? `cache file ${r.cache.cacheKey}.json named identically by the CLI's botocore` : `cache key MISMATCH: ours ${r.cache.cacheKey}, botocore ${r.cache.botocoreCacheKey ?? 'n/a'}`;
  return [
    ms('rolecall via app, warm, median', r.viaApp, {
      target: { op: '<=', value: CREDENTIAL_PROCESS_TARGET_MS },
      note: `${r.runs} runs; STS calls during them: ${r.stsCalls.viaApp}`,
    }),
    ms('aws export-credentials, role from CLI cache, median', r.awsCliRoleCache, {
      note: `${cacheNote}; STS calls: ${r.stsCalls.awsCli}, network attempts: ${r.awsCliNetworkAttempts}`,
    }),
    ms('aws export-credentials, static keys (CLI floor), median', r.awsCliStatic),
    { bench, label: 'ratio: AWS CLI role-from-cache ÷ rolecall', value: round(r.ratioRole, 1), unit: '×', target: { op: '>=', value: CREDENTIAL_PROCESS_TARGET_RATIO } },
    { bench, label: 'ratio: AWS CLI static keys ÷ rolecall', value: round(r.ratioStatic, 1), unit: '×', target: { op: '>=', value: CREDENTIAL_PROCESS_TARGET_RATIO } },
    ms('rolecall standalone (app not running), median', r.standalone, {
      note: `keychain worker + AssumeRole + GetCallerIdentity on every call (loopback STS); STS calls: ${r.stsCalls.standalone}`,
    }),
    ms('rolecall via app, warm, SSO role, median', r.ssoViaApp, {
      target: { op: '<=', value: CREDENTIAL_PROCESS_TARGET_MS },
      note: `IAM Identity Center role held by the app; STS calls during them: ${r.stsCalls.ssoViaApp}`,
    }),
    ms('rolecall standalone, SSO role (token cached), median', r.ssoStandalone, {
      note: `GetRoleCredentials + GetCallerIdentity on every call (loopback portal and STS); STS calls: ${r.stsCalls.ssoStandalone}`,
    }),
    ms('floor: node -e 0, median', r.nodeFloor, { note: 'Node start-up alone' }),
    ms('floor: rolecall --version, median', r.bundleFloor, { note: 'Node start-up + loading the CLI bundle' }),
  ];
}

export function printCredentialProcessResult(r: CredentialProcessBenchResult): void {
  const fmt = (s: Summary): string => `median ${round(s.median)} ms, p95 ${round(s.p95)} ms`;
  console.log(`credential_process, ${r.runs} interleaved runs each`);
  console.log(`  rolecall (app running, warm)         ${fmt(r.viaApp)}   target ≤ ${CREDENTIAL_PROCESS_TARGET_MS} ms; STS calls ${r.stsCalls.viaApp}`);
  console.log(`  aws export-credentials (role, cache) ${fmt(r.awsCliRoleCache)}   ratio ${round(r.ratioRole, 1)}× (target ≥ ${CREDENTIAL_PROCESS_TARGET_RATIO}×)`);
  console.log(`  aws export-credentials (static)      ${fmt(r.awsCliStatic)}   ratio ${round(r.ratioStatic, 1)}×`);
  console.log(`  rolecall standalone                  ${fmt(r.standalone)}   STS calls ${r.stsCalls.standalone}`);
  console.log(`  rolecall (app, warm), SSO role       ${fmt(r.ssoViaApp)}   STS calls ${r.stsCalls.ssoViaApp}`);
  console.log(`  rolecall standalone, SSO role        ${fmt(r.ssoStandalone)}   STS calls ${r.stsCalls.ssoStandalone}`);
  console.log(`  node -e 0                            ${fmt(r.nodeFloor)}`);
  console.log(`  rolecall --version                   ${fmt(r.bundleFloor)}`);
  const c = r.cache;
  console.log(`  AWS CLI cache: ${c.cacheKey}.json; botocore (${c.botocoreModule ?? 'n/a'}) names it ${c.botocoreCacheKey ?? 'n/a'}; answered from seed: ${c.answeredFromSeed}`);
  console.log(`  without the cache file: exit ${c.withoutCache.code}, "${c.withoutCache.lastLine}"; AWS CLI STS calls ${r.stsCalls.awsCli}, network attempts ${r.awsCliNetworkAttempts}`);
}

if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  runCredentialProcessBench().then(printCredentialProcessResult, (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
