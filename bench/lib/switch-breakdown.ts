/**
 * Where a switch's overhead goes: the steps `core.switchTo` takes besides STS, each timed on its own
 * against the same world (real keychain, same AWS files, same app data folder). The switch total is
 * not the plain sum — the steps run in one event loop, partly in parallel — but it shows which step
 * to make cheaper when the overhead target is missed.
 */
import type { AwsPaths } from '../../electron/core/aws-files/paths';
import { loadCatalog } from '../../electron/core/profiles/catalog';
import { createCredentialsWriter } from '../../electron/core/aws-files/credentials-writer';
import type { SecretStore } from '../../electron/core/keychain/secret-store';
import { summarize, type Summary } from './stats';
import { interleave } from './timing';

export interface BreakdownStep {
  label: string;
  detail: string;
  /** How many times one switch with a cached MFA session performs this step (read from the code path). */
  perSwitch: number;
  summary: Summary;
}

export interface BreakdownDeps {
  paths: AwsPaths;
  appDataDir: string;
  secrets: SecretStore;
  sourceName: string;
}

/**
 * Times each step `runs` times, interleaved. The upsert goes to a separate `[bench-probe]` section
 * (with dummy temporary keys) so the session the core manages is left alone.
 */
export async function measureSwitchBreakdown(deps: BreakdownDeps, runs: number): Promise<BreakdownStep[]> {
  const writer = createCredentialsWriter(deps.paths, () => new Date());
  const probe = {
    accessKeyId: 'ASIABENCHPROBE000000',
    secretAccessKey: 'bench/probe/secret/not/a/real/key/000000',
    sessionToken: 'bench-probe-token',
    expiration: new Date(Date.now() + 3600_000),
  };
  const time = (fn: () => Promise<unknown>) => async (): Promise<number> => {
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  };
  const samples = await interleave(runs, {
    catalog: time(() => loadCatalog(deps.paths, deps.secrets)),
    list: time(() => deps.secrets.listSources()),
    item: time(() => deps.secrets.getMfaSession(deps.sourceName)),
    upsert: time(() => writer.write('bench-probe', probe, { expiresAt: probe.expiration, source: 'bench' }, { takeOver: false })),
  });
  // switchTo: one loadCatalog (its keychain index is cached for 10 s), one plan (reads the MFA
  // session), the engine executes that plan (no second read); the marker is the record (no state save)
  return [
    { label: 'catalog load', detail: 'AWS files + keychain list + 1 item per source (uncached)', perSwitch: 1, summary: summarize(samples.catalog) },
    { label: 'keychain list', detail: 'inside an uncached catalog load', perSwitch: 0, summary: summarize(samples.list) },
    { label: 'keychain item read', detail: 'worker → Secret Service; the plan\'s MFA session read', perSwitch: 1, summary: summarize(samples.item) },
    { label: 'credentials-file upsert', detail: 'lock, fsync, rename', perSwitch: 1, summary: summarize(samples.upsert) },
  ];
}
