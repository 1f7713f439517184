/**
 * The facade's key-rotation methods, assembled here so app-core.ts only spreads them in: the IAM
 * caller, the deps of rotate.ts, and the start-up recovery over every keychain source.
 */
import { RolecallError } from '../errors';
import type { SecretStore } from '../keychain/secret-store';
import type { ProfileCatalog } from '../profiles/catalog';
import type { StsCaller } from '../sts/client';
import { createIamCaller } from './iam-client';
import { isUsableMfaSession } from './iam-credentials';
import { rotateKeys } from './rotate';
import { dueKeyAgeNotices, keyAges, type KeyAge } from './key-age';
import type { RotateOptions, RotationDeps, RotationResult } from './types';

export interface RotationBlockDeps {
  env: Readonly<Record<string, string | undefined>>;
  secrets: SecretStore;
  sts: () => Pick<StsCaller, 'getCallerIdentity' | 'getSessionToken'>;
  catalog: () => Promise<ProfileCatalog>;
  dropSessions: () => void;
  now: () => number;
  maxAgeDays: () => number;
  /** The app state's "last notified about an old key" per source. */
  notified: { load(): Promise<Record<string, string>>; save(v: Record<string, string>): Promise<void> };
  timeoutMs?: number;
  verifyDelaysMs?: readonly number[];
}

export function createRotationBlock(block: RotationBlockDeps) {
  const iam = createIamCaller({ env: block.env, ...(block.timeoutMs ? { timeoutMs: block.timeoutMs } : {}) });
  const deps = (): RotationDeps => ({
    secrets: block.secrets,
    iam,
    sts: block.sts(),
    mfaSerialOf,
    dropSessions: () => block.dropSessions(),
    now: block.now,
    // real timers, held (not unref'd like the session clock's): a CLI must not exit mid-wait
    sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    ...(block.verifyDelaysMs ? { verifyDelaysMs: block.verifyDelaysMs } : {}),
  });
  /** Only keychain sources have keys Rolecall may replace. */
  const assertKeychainSource = async (source: string) => {
    const p = (await block.catalog()).profiles.find((x) => x.name === source);
    if (p?.kind !== 'source' || p.origin !== 'keychain') {
      throw new RolecallError('SourceNotFound', `"${source}" is not a source profile whose keys are in the keychain.`, {
        action: p?.kind === 'source' ? `Import its keys first (rolecall import ${source}), then rotate.` : 'Check the name with "rolecall list".',
      });
    }
  };
  const mfaSerialOf = async (source: string) => {
    const p = (await block.catalog()).profiles.find((x) => x.name === source);
    return p?.kind === 'source' ? p.mfaSerial : undefined;
  };
  const ages = (): Promise<KeyAge[]> => keyAges({ secrets: block.secrets, iam, now: block.now, maxAgeDays: block.maxAgeDays(), mfaSerialOf });
  return {
    keyAges: ages,
    async takeKeyAgeNotices(): Promise<KeyAge[]> {
      const last = await block.notified.load();
      const due = dueKeyAgeNotices(await ages(), last, block.now());
      if (due.length > 0) await block.notified.save({ ...last, ...Object.fromEntries(due.map((a) => [a.source, new Date(block.now()).toISOString()])) });
      return due;
    },
    async mfaCodeNeededToRotate(source: string): Promise<string | undefined> {
      const keys = await block.secrets.getSource(source);
      const serial = (await mfaSerialOf(source)) ?? keys?.mfaSerial;
      if (!keys || !serial) return undefined;
      return isUsableMfaSession(await block.secrets.getMfaSession(source).catch(() => undefined), serial, block.now()) ? undefined : serial;
    },
    async rotateKeys(source: string, opts: RotateOptions = {}): Promise<RotationResult> {
      await assertKeychainSource(source);
      return rotateKeys(deps(), source, opts);
    },
    async resumeRotations(): Promise<string[]> {
      const lines: string[] = [];
      for (const source of await block.secrets.listSources().catch(() => [] as string[])) {
        if (!(await block.secrets.getRotationJournal(source).catch(() => undefined))) continue;
        try {
          const r = await rotateKeys(deps(), source, { resumeOnly: true });
          lines.push(r.outcome === 'rolled-back' ? `Rolled back an interrupted key rotation of "${source}".` : `Finished an interrupted key rotation of "${source}" (now ${r.newAccessKeyId}).`);
        } catch (e) {
          const why = e instanceof RolecallError ? e.message : 'unexpected error';
          lines.push(`A key rotation of "${source}" was interrupted and is not finished (${why}) Run "rolecall rotate ${source}"; the key in the keychain works meanwhile.`);
        }
      }
      return lines;
    },
  };
}
