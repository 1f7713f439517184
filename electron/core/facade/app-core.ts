/**
 * Assembles the core from its parts: the files layer, the keychain, STS, the engine, the session
 * manager and the state store. The Electron main process, the CLI and the tests all start here,
 * each injecting what differs (the keychain worker launcher, a clock, an STS endpoint).
 */
import { homedir } from 'node:os';
import { fromContainerMetadata, fromEnv, fromInstanceMetadata } from '@aws-sdk/credential-providers';
import { RolecallError } from '../errors';
import type { AddSourceInput, ProfileListing, RolecallCore, SessionCredentials, Settings } from './app-core-types';
import { resolveAwsPaths, type AwsPaths } from '../aws-files/paths';
import { createCatalogLoader } from '../profiles/catalog';
import type { SecretStore } from '../keychain/secret-store';
import { createKeychainStore } from '../keychain/keychain-store';
import type { WorkerLauncher } from '../keychain/worker-launcher';
import { regionForProfile } from '../profiles/chain';
import { createStsCaller } from '../sts/client';
import { createMfaCodeGuard } from '../sts/mfa-code-guard';
import { CredentialEngine } from '../sts/engine';
import type { AwsCredentials } from '../sts/types';
import { SessionManager } from '../sessions/manager';
import { assertBaselinesNotElevated } from '../sessions/elevation';
import { readLedgerSections, sessionsFromSections } from '../sessions/ledger';
import type { HeldBy } from '../sessions/types';
import { systemClock, type Clock } from '../sessions/clock';
import { createStateStore } from '../state/store';
import { resolveAppDataDir } from '../state/paths';
import { addSource, importSources, removeSource } from '../sources/sources';
import { createCredentialsWriter } from '../aws-files/credentials-writer';
import { CredentialCache } from '../sessions/credential-cache';
import { consoleSigninUrl } from '../console/signin-url';
import { assertRegion } from '../console/partition';
import { federationTokenForUser } from '../console/federation-token';
import { setupCredentialProcessProfile } from '../credential-process/setup';
import { sourceLongTermKeys } from '../sts/engine-helpers';
import { cleanSecretLeftovers, findSecretLeftovers, runDoctor } from '../doctor';
import { removeBoms } from '../aws-files/bom';
import { createRotationBlock } from '../rotation/facade-block';
import { keyAgeChecks } from '../rotation/key-age';

export interface CoreOptions {
  env?: Record<string, string | undefined>;
  home?: string;
  clock?: Clock;
  /** Defaults to the OS keychain through a killable worker. */
  secrets?: SecretStore;
  keychainLauncher?: WorkerLauncher;
  keychainTimeoutMs?: number;
  /** Keychain service name; default `ROLECALL_KEYCHAIN_SERVICE` or `Rolecall` (tests and side-by-side installs use their own). */
  keychainService?: string;
  /** Defaults to ROLECALL_HOME or the platform's app data folder. */
  appDataDir?: string;
  stsTimeoutMs?: number;
  /**
   * Who this core is. The app (default) and `rolecall agent` are holders: at creation they adopt
   * the sessions the credentials file's markers show and keep them fresh. The CLI (`cli`) adopts
   * nothing and sets no timers; creating it writes nothing.
   */
  holder?: HeldBy;
  /** @deprecated `false` is `holder: 'cli'`. */
  scheduleRefresh?: boolean;
  /** Backoff while IAM makes a new key known (rotation/wait-usable.ts); tests shrink it. */
  rotationVerifyDelaysMs?: readonly number[];
}

/**
 * What only the CLI gets on top of the IPC-facing core: `rolecall exec --no-session` hands a source
 * profile's long-term keys to a command the user runs. Not part of RolecallCore, so neither the
 * main process's IPC nor the credential_process socket can reach it.
 */
export interface CliOnlyCore {
  paths: AwsPaths;
  appDataDir: string;
  longTermKeysFor(profile: string): Promise<{ keys: AwsCredentials; region?: string }>;
}

export async function createRolecallCore(options: CoreOptions = {}): Promise<RolecallCore & CliOnlyCore> {
  const env = options.env ?? process.env;
  const clock = options.clock ?? systemClock;
  const paths = resolveAwsPaths(env, options.home);
  const appDataDir = options.appDataDir ?? resolveAppDataDir(env, process.platform, options.home);
  const ownedSecrets = options.secrets
    ? undefined
    : createKeychainStore({
        ...(options.keychainLauncher ? { launcher: options.keychainLauncher } : {}),
        ...(options.keychainTimeoutMs ? { timeoutMs: options.keychainTimeoutMs } : {}),
        service: options.keychainService ?? (env.ROLECALL_KEYCHAIN_SERVICE || 'Rolecall'),
      });
  const secrets: SecretStore = options.secrets ?? ownedSecrets!;
  const holder: HeldBy = options.holder ?? (options.scheduleRefresh === false ? 'cli' : 'app');
  const store = createStateStore(appDataDir, { onNotice: (n) => notices.push(n) });
  const loaded = await store.load();
  let settings: Settings = loaded.state.settings;
  /** Sessions an older Rolecall kept in the state file: only to describe markers written before they carried identities. */
  const legacySessions = loaded.state.sessions;
  const notices: string[] = [];
  // a holder repairs an unusable state file (sets it aside, saves defaults); a CLI only reads
  if (loaded.unusable !== undefined && holder !== 'cli') await store.update((s) => s).catch(() => undefined);
  else if (loaded.notice) notices.push(loaded.notice);

  const guard = createMfaCodeGuard(() => clock.now());
  const callers = new Map<string, ReturnType<typeof createStsCaller>>();
  /** One caller per region: clients (and their connection pools) are reused across calls. */
  const stsFor = (region: string | undefined) => {
    const key = region ?? '';
    let caller = callers.get(key);
    if (!caller) {
      // the guard marks a code spent as it is sent (and releases it if STS never saw it)
      caller = createStsCaller({ ...(region ? { region } : {}), ...(options.stsTimeoutMs ? { timeoutMs: options.stsTimeoutMs } : {}), env, mfaCodeGuard: guard });
      callers.set(key, caller);
    }
    return caller;
  };
    const engine = new CredentialEngine({
    secrets,
    stsFor,
    credentialSource: (kind) => credentialSourceProvider(kind),
    mfaGuard: guard,
    now: () => clock.now(),
    sso: { env, home: options.home ?? homedir(), clock },
    settings: () => ({
      mfaSessionSeconds: settings.sessionDurationSeconds,
      roleDurationSeconds: settings.roleDurationSeconds,
      // reuse an MFA session only while it can still outlast a refresh cycle
      mfaSessionMinRemainingSeconds: Math.max(60, settings.leadTimeSeconds),
    }),
  });
  const catalogs = createCatalogLoader(paths, secrets, { ttlMs: 10_000, now: () => clock.now() });
  const catalog = () => catalogs.load();
  const manager = new SessionManager({
    engine,
    loadCatalog: catalog,
    writer: createCredentialsWriter(paths, () => new Date(clock.now())),
    readLedger: async () => sessionsFromSections(await readLedgerSections(paths.credentialsFile), legacySessions),
    clock,
    settings: () => settings,
    holder,
  });
  const cache = new CredentialCache(clock, (profile, opts) => manager.resolveDetached(profile, opts));
  manager.on((e) => {
    if (e.type === 'session-refreshed' || e.type === 'session-expired') cache.forget(e.profile);
  });
  let disposed = false;
  const restored =
    holder === 'cli'
      ? undefined
      : await manager.adopt().catch((e: unknown) => {
          notices.push(`Could not adopt earlier sessions: ${e instanceof RolecallError ? e.message : 'unexpected error'}`);
          return undefined;
        });
  if (restored && restored.expired > 0) notices.push(`${restored.expired} session(s) expired while Rolecall was not running${settings.removeExpired ? ' and were removed from the credentials file' : ''}.`);

  const sourceDeps = {
    secrets,
    loadCatalog: catalog,
    verify: (keys: AwsCredentials) => stsFor(undefined).getCallerIdentity(keys),
    now: () => new Date(clock.now()),
  };

  const rotation = createRotationBlock({
    env,
    secrets,
    sts: () => stsFor(undefined),
    catalog,
    maxAgeDays: () => settings.keyMaxAgeDays,
    notified: {
      load: async () => (await store.load()).state.keyAgeNotified,
      save: async (keyAgeNotified) => {
        await store.update((s) => ({ ...s, keyAgeNotified }));
      },
    },
    dropSessions: () => cache.clear(),
    now: () => clock.now(),
    ...(options.stsTimeoutMs ? { timeoutMs: options.stsTimeoutMs } : {}),
    ...(options.rotationVerifyDelaysMs ? { verifyDelaysMs: options.rotationVerifyDelaysMs } : {}),
  });

  return {
    paths,
    appDataDir,
    ...rotation,
    async listProfiles(): Promise<ProfileListing> {
      const c = await catalogs.load(true);
      return {
        profiles: c.profiles,
        sessions: await manager.sync(),
        configFile: paths.configFile,
        credentialsFile: paths.credentialsFile,
        ...(c.keychainProblem ? { keychainProblem: c.keychainProblem } : {}),
      };
    },
    async addSource(input: AddSourceInput) {
      try {
        return await addSource(sourceDeps, input);
      } finally {
        catalogs.invalidate();
      }
    },
    async removeSource(name) {
      try {
        await removeSource(sourceDeps, name);
      } finally {
        catalogs.invalidate();
        cache.clear();
      }
    },
    async importSources(opts) {
      try {
        return await importSources(sourceDeps, opts);
      } finally {
        catalogs.invalidate();
      }
    },
    switchTo: (profile, opts) => manager.switchTo(profile, opts),
    submitMfaCode: (serial, code) => manager.submitMfaCode(serial, code),
    cancelMfa: (serial) => manager.cancelMfa(serial),
    pendingMfa: () => manager.pendingMfa(),
    refresh: (target) => manager.refresh(target),
    signOut: (target, opts) => manager.signOut(target, opts),
    extend: (target, seconds) => manager.extend(target, seconds),
    async signOutAll() {
      const ended = await manager.signOutAll();
      cache.clear();
      // "sign out of all" also forgets cached MFA sessions: the next switch asks for a code again
      const sources = (await catalog().catch(() => undefined))?.profiles.filter((p) => p.kind === 'source').map((p) => p.name) ?? [];
      for (const name of new Set([...sources, ...(await secrets.listSources().catch(() => [] as string[]))])) await secrets.deleteMfaSession(name).catch(() => false);
      return ended;
    },
    sessions: () => manager.list(),
    readSessions: () => manager.sync(),
    whenIdle: () => manager.whenIdle(),
    credentialsFor: (profile, opts): Promise<SessionCredentials> => cache.get(profile, opts),
    async consoleSigninUrl(profile, opts = {}) {
      if (opts.region !== undefined) assertRegion(opts.region); // before any STS call spends a code
      const c = await catalog();
      const p = c.profiles.find((x) => x.name === profile);
      let creds;
      if (p?.kind === 'source') {
        if (!opts.federation) {
          throw new RolecallError('ConsoleUnsupported', `"${profile}" is an IAM user: its MFA session cannot sign in to the AWS console.`, {
            action: 'Sign in through a role profile, or use a federation token (no MFA, no IAM calls) for this user.',
          });
        }
        const keys = await sourceLongTermKeys(c, p, secrets);
        const userName = (await stsFor(p.region).getCallerIdentity(keys)).arn.split('/').pop() ?? profile;
        creds = await federationTokenForUser(stsFor(p.region), keys, { userName, ...(p.region ? { region: p.region } : {}) });
      } else {
        creds = await cache.get(profile, { minRemainingSeconds: 300, promptForMfa: opts.promptForMfa ?? false, ...(opts.mfaCode ? { mfaCode: opts.mfaCode } : {}) });
      }
      const region = opts.region ?? creds.region ?? p?.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
      if (opts.region === undefined) assertRegion(region, 'profile');
      const result = await consoleSigninUrl(creds, { region, ...(opts.path ? { path: opts.path } : {}), env });
      return { url: result.url, expiresAt: result.expiresAt };
    },
    async longTermKeysFor(profile) {
      const c = await catalog();
      const p = c.profiles.find((x) => x.name === profile);
      if (!p) throw new RolecallError('ProfileNotFound', `There is no profile named "${profile}".`, { action: 'Check the name with "rolecall list".' });
      if (p.kind !== 'source') {
        throw new RolecallError('ProfileInvalid', `--no-session hands out a source profile's own keys, and "${profile}" is ${p.kind === 'role' ? 'a role profile' : 'not a source profile'}.`, {
          action: p.kind === 'role' ? `Drop --no-session, or name its source profile (${p.chain[p.chain.length - 1] ?? 'the source_profile'}).` : 'Drop --no-session.',
        });
      }
      const region = regionForProfile(c.profiles, profile);
      return { keys: await sourceLongTermKeys(c, p, secrets), ...(region !== undefined ? { region } : {}) };
    },
    async setupCredentialProcess(profile, opts) {
      const c = await catalog();
      const p = c.profiles.find((x) => x.name === profile);
      if (!p || p.kind === 'other') {
        throw new RolecallError('ProfileNotFound', `There is no source or role profile named "${profile}".`, { action: 'Check the name with "rolecall list".' });
      }
      const region = regionForProfile(c.profiles, profile);
      return setupCredentialProcessProfile({
        configFile: paths.configFile,
        credentialsFile: paths.credentialsFile,
        profile,
        as: opts.as,
        command: opts.command,
        ...(region !== undefined ? { region } : {}),
        ...(opts.takeOver ? { takeOver: true } : {}),
        now: new Date(clock.now()),
      });
    },
    runDoctor: async () => [...(await runDoctor({ env, paths, secrets, settings, now: () => clock.now() })), ...keyAgeChecks(await rotation.keyAges(), settings.keyMaxAgeDays)],
    removeByteOrderMarks: () => removeBoms(paths, { now: () => new Date(clock.now()) }),
    findSecretLeftovers: () => findSecretLeftovers(paths),
    cleanSecretLeftovers: async () => cleanSecretLeftovers(await findSecretLeftovers(paths)),
    getSettings: () => settings,
    async updateSettings(patch) {
      assertBaselinesNotElevated({ ...settings, ...patch });
      const next = await store.update((s) => ({ ...s, settings: { ...s.settings, ...patch } }));
      settings = next.settings;
      return settings;
    },
    on: (listener) => manager.on(listener),
    startupNotices: () => [...notices],
    dispose() {
      if (disposed) return; // the agent's stop and the app's quit both end here
      disposed = true;
      manager.dispose();
      for (const caller of callers.values()) caller.destroy();
      ownedSecrets?.close();
    },
  };
}

function credentialSourceProvider(kind: 'Environment' | 'Ec2InstanceMetadata' | 'EcsContainer'): Promise<AwsCredentials> {
  const provider = kind === 'Environment' ? fromEnv() : kind === 'Ec2InstanceMetadata' ? fromInstanceMetadata({ timeout: 2000, maxRetries: 1 }) : fromContainerMetadata({ timeout: 2000, maxRetries: 1 });
  return provider().catch((e: unknown) => {
    throw new RolecallError('StsError', `No credentials from credential_source ${kind}.`, {
      action: kind === 'Environment' ? 'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.' : 'Run Rolecall on the instance or container that has the role attached.',
      cause: e,
    });
  });
}
