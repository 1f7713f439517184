/**
 * The session manager: which profile is active on which target profile, and keeping it alive.
 * One scheduler holds every deadline: at `expiresAt − lead time` a session refreshes silently when
 * its MFA session can still vouch, else the user is asked for a code once per device; at `expiresAt`
 * an unrefreshed session's section is removed (if the user wants that) and reported expired.
 * Credentials are written only after STS succeeded: any failure leaves the credentials file as it was.
 */
import { RolecallError, isRolecallError, toErrorInfo } from '../errors';
import type { CredentialEngine } from '../sts/engine';
import type { ResolvedCredentials } from '../sts/engine-types';
import type { TemporaryCredentials } from '../sts/types';
import type { ProfileCatalog } from '../profiles/catalog';
import type { Clock } from './clock';
import { DeadlineScheduler } from './scheduler';
import { MfaBroker, type WaitOptions } from './mfa-broker';
import type { ActiveSession, SessionEvent, SessionRecord, SwitchOptions } from './types';
import { checkTarget } from './target-check';

export interface ManagerSettings {
  defaultTarget: string;
  roleTargets: Record<string, string>;
  leadTimeSeconds: number;
  removeExpired: boolean;
}

/** Writes and removes Rolecall's sections in the credentials file (the byte-preserving writer). */
export interface CredentialsWriter {
  /**
   * `expectSource`: only if the section is absent or still holds that profile's session (refreshes).
   * `region`: the session's region, written with the keys where the user has set none for `target`.
   */
  write(target: string, creds: TemporaryCredentials, marker: { expiresAt: Date; source: string }, opts: { takeOver: boolean; expectSource?: string; region?: string }): Promise<{ backupPath?: string }>;
  /** `expectSource`: only if the section still holds that profile's session (expiry). */
  remove(target: string, opts?: { expectSource?: string }): Promise<boolean>;
}

export interface SessionPersistence {
  load(): Promise<SessionRecord[]>;
  save(sessions: SessionRecord[]): Promise<void>;
}

export interface ManagerDeps {
  engine: CredentialEngine;
  loadCatalog(): Promise<ProfileCatalog>;
  writer: CredentialsWriter;
  persistence: SessionPersistence;
  clock: Clock;
  settings(): ManagerSettings;
  /** false for short-lived processes (the CLI): no refresh or expiry timers, which would race the app. */
  scheduleRefresh?: boolean;
}

/** How a detached resolve (credential_process, console URL) may prompt, and for whom. */
export interface DetachedOptions {
  promptForMfa: boolean;
  mfaCode?: string;
  minRemainingSeconds?: number;
  /** A session of this length (`rolecall exec --duration`), within what the profile allows. */
  durationSeconds?: number;
  prompt?: WaitOptions;
}

/** Retry delays for refreshes that failed for reasons a retry can fix (network, throttling, 5xx). */
const RETRY_DELAYS_MS = [15_000, 30_000, 60_000, 120_000, 300_000];
const RETRYABLE = new Set(['NetworkError', 'Throttled', 'StsError', 'KeychainTimeout']);

export class SessionManager {
  private sessions = new Map<string, ActiveSession>(); // by target
  private readonly scheduler: DeadlineScheduler;
  private readonly broker: MfaBroker;
  private listeners = new Set<(e: SessionEvent) => void>();
  private retries = new Map<string, number>();
  /** After dispose, work still in flight (a refresh mid-STS-call) finishes silently: no events, no retries. */
  private disposed = false;

  constructor(private readonly deps: ManagerDeps) {
    this.scheduler = new DeadlineScheduler(deps.clock);
    this.broker = new MfaBroker(
      (e) => {
        if (e.type === 'required') this.emit({ type: 'mfa-required', request: e.request });
        else if (e.type === 'updated') this.emit({ type: 'mfa-updated', request: e.request });
        else this.emit({ type: 'mfa-resolved', mfaSerial: e.mfaSerial });
      },
      () => deps.clock.now(),
    );
  }

  on(listener: (e: SessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(): ActiveSession[] {
    return [...this.sessions.values()].sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
  }

  pendingMfa() {
    return this.broker.requests();
  }

  /** Resolves once every refresh and expiry the clock has started is done (a prompt waiting for a code is not). */
  whenIdle(): Promise<void> {
    return this.scheduler.idle();
  }

  /** The target a profile writes to when the caller names none. */
  targetFor(profile: string): string {
    const s = this.deps.settings();
    return s.roleTargets[profile] ?? s.defaultTarget;
  }

  /**
   * Switches `profile` onto its target profile. When a code is needed and none was given, either
   * waits for one through the MFA prompt (`promptForMfa`) or throws MfaRequired.
   */
  async switchTo(profile: string, opts: SwitchOptions = {}): Promise<ActiveSession> {
    const target = opts.target ?? this.targetFor(profile);
    const catalog = await this.deps.loadCatalog();
    checkTarget(catalog, profile, target, opts.takeOver === true);
    const plan = await this.deps.engine.plan(catalog, profile, opts);
    const viaPrompt = async (serial: string): Promise<ActiveSession> => {
      let result: ActiveSession | undefined;
      await this.broker.wait(serial, profile, 'switch', async (code) => {
        result = await this.establish(await this.deps.loadCatalog(), profile, target, { ...opts, ...(code ? { mfaCode: code } : {}) });
      });
      return result!;
    };
    if (plan.needsCodeFor && opts.mfaCode === undefined && opts.promptForMfa) return viaPrompt(plan.needsCodeFor);
    try {
      return await this.establish(catalog, profile, target, opts);
    } catch (e) {
      // AWS refused the cached MFA session mid-way (it was dropped): ask for a code after all
      const serial = mfaSerialOf(e);
      if (serial && opts.mfaCode === undefined && opts.promptForMfa) return viaPrompt(serial);
      throw e;
    }
  }

  /**
   * Credentials for `profile` that go nowhere on disk (credential_process, console URL). Prompts
   * through the same single-flight broker as switching, so many concurrent callers share one code;
   * `prompt` says who asked and when the caller went away (see MfaBroker's WaitOptions).
   */
  async resolveDetached(profile: string, opts: DetachedOptions): Promise<ResolvedCredentials> {
    const catalog = await this.deps.loadCatalog();
    const min = {
      ...(opts.minRemainingSeconds !== undefined ? { minRemainingSeconds: opts.minRemainingSeconds } : {}),
      ...(opts.durationSeconds !== undefined ? { durationSeconds: opts.durationSeconds } : {}),
    };
    const plan = await this.deps.engine.plan(catalog, profile, min);
    const viaPrompt = async (serial: string): Promise<ResolvedCredentials> => {
      let result: ResolvedCredentials | undefined;
      await this.broker.wait(
        serial,
        profile,
        'switch',
        async (code) => {
          result = await this.deps.engine.resolve(await this.deps.loadCatalog(), profile, { ...min, ...(code ? { mfaCode: code } : {}) });
        },
        opts.prompt,
      );
      return result!;
    };
    if (plan.needsCodeFor && opts.mfaCode === undefined && opts.promptForMfa) return viaPrompt(plan.needsCodeFor);
    try {
      return await this.deps.engine.resolve(catalog, profile, { ...min, ...(opts.mfaCode !== undefined ? { mfaCode: opts.mfaCode } : {}) });
    } catch (e) {
      const serial = mfaSerialOf(e);
      if (serial && opts.mfaCode === undefined && opts.promptForMfa) return viaPrompt(serial);
      throw e;
    }
  }

  /** Gives the waiting prompt for `mfaSerial` a code (from the popup or the main window). */
  submitMfaCode(mfaSerial: string, code: string): Promise<void> {
    return this.broker.submit(mfaSerial, code.trim());
  }

  cancelMfa(mfaSerial: string): void {
    this.broker.cancel(mfaSerial);
  }

  /** Refreshes now (tray "Refresh now"); asks for a code through the prompt when needed. */
  async refresh(target: string): Promise<ActiveSession> {
    const s = this.requireSession(target);
    return this.switchTo(s.profile, { target: s.target, promptForMfa: true, takeOver: false });
  }

  /** Signs out: removes the section and forgets the session. */
  async signOut(target: string): Promise<void> {
    const s = this.requireSession(target);
    await this.deps.writer.remove(s.target);
    this.forget(s.target);
    await this.persist();
    this.changed();
  }

  async signOutAll(): Promise<void> {
    for (const target of [...this.sessions.keys()]) await this.deps.writer.remove(target);
    for (const target of [...this.sessions.keys()]) this.forget(target);
    await this.persist();
    this.changed();
  }

  /** Start-up: re-adopts persisted sessions whose sections still exist; expired ones are cleaned per settings. */
  async restore(): Promise<{ restored: number; expired: number }> {
    const records = await this.deps.persistence.load();
    const catalog = await this.deps.loadCatalog();
    const managed = new Set(catalog.managed.map((m) => m.name));
    let restored = 0;
    let expired = 0;
    for (const r of records) {
      if (!managed.has(r.target)) continue; // removed by hand meanwhile: nothing to adopt
      if (Date.parse(r.expiresAt) <= this.deps.clock.now()) {
        expired++;
        // one section that cannot be removed (locked file) must not stop the others from restoring
        if (this.deps.settings().removeExpired) await this.deps.writer.remove(r.target, { expectSource: r.profile }).catch(() => false);
        continue;
      }
      this.sessions.set(r.target, { ...r, status: 'active', notes: [] });
      this.schedule(r.target);
      restored++;
    }
    await this.persist();
    this.changed();
    return { restored, expired };
  }

  /** Stops every timer (app quit). Sections stay: other tools keep working until they expire. */
  dispose(): void {
    this.disposed = true;
    this.scheduler.clear();
  }

  private async establish(catalog: ProfileCatalog, profile: string, target: string, opts: SwitchOptions & { refreshing?: boolean }): Promise<ActiveSession> {
    const resolved = await this.deps.engine.resolve(catalog, profile, {
      ...(opts.mfaCode !== undefined ? { mfaCode: opts.mfaCode } : {}),
      ...(opts.durationSeconds !== undefined ? { durationSeconds: opts.durationSeconds } : {}),
    });
    const previous = this.sessions.get(target);
    try {
      await this.deps.writer.write(target, resolved.credentials, { expiresAt: resolved.credentials.expiration, source: profile }, {
        takeOver: opts.takeOver === true && !previous,
        // a refresh never overwrites a session someone switched onto the target meanwhile
        ...(opts.refreshing ? { expectSource: profile } : {}),
        ...(resolved.region !== undefined ? { region: resolved.region } : {}),
      });
    } catch (e) {
      if (opts.refreshing && isRolecallError(e) && e.code === 'SessionNotFound' && this.sessions.get(target)?.profile === profile) {
        this.forget(target);
        await this.persist().catch(() => undefined);
        this.changed();
      }
      throw e;
    }
    const session = toSession(resolved, target);
    this.sessions.set(target, session);
    this.retries.delete(target);
    this.schedule(target);
    await this.persist();
    if (previous && previous.profile === profile) this.emit({ type: 'session-refreshed', profile, target, expiresAt: session.expiresAt });
    this.changed();
    return session;
  }

  private schedule(target: string): void {
    const s = this.sessions.get(target);
    if (!s || this.deps.scheduleRefresh === false) return;
    const expiresAt = Date.parse(s.expiresAt);
    const now = this.deps.clock.now();
    // A lead time as long as the session would refresh again at once, forever: refresh no earlier
    // than halfway through what is left (and never within a minute of the last refresh).
    const earliest = Math.min(expiresAt, now + Math.max(60_000, (expiresAt - now) / 2));
    const refreshAt = Math.max(expiresAt - this.deps.settings().leadTimeSeconds * 1000, earliest);
    this.scheduler.set(`refresh:${target}`, refreshAt, () => this.autoRefresh(target));
    this.scheduler.set(`expire:${target}`, expiresAt, () => this.expire(target));
  }

  private async autoRefresh(target: string): Promise<void> {
    const s = this.sessions.get(target);
    if (!s || this.disposed) return;
    const catalog = await this.deps.loadCatalog().catch(() => undefined);
    const plan = catalog ? await this.deps.engine.plan(catalog, s.profile).catch(() => undefined) : undefined;
    const secondsLeft = Math.max(0, Math.round((Date.parse(s.expiresAt) - this.deps.clock.now()) / 1000));
    this.emit({ type: 'session-expiring', profile: s.profile, target, secondsLeft, needsMfa: plan?.needsCodeFor !== undefined });
    if (plan?.needsCodeFor) {
      this.setStatus(target, 'waiting-for-mfa');
      this.broker
        .wait(plan.needsCodeFor, s.profile, 'expiring', async (code) => {
          this.assertStillOwns(target, s.profile);
          await this.establish(await this.deps.loadCatalog(), s.profile, target, { refreshing: true, ...(code ? { mfaCode: code } : {}) });
        })
        .catch(() => undefined); // a cancelled prompt leaves the session to expire
      return;
    }
    this.setStatus(target, 'refreshing');
    try {
      this.assertStillOwns(target, s.profile);
      await this.establish(catalog ?? (await this.deps.loadCatalog()), s.profile, target, { refreshing: true });
    } catch (e) {
      this.refreshFailed(target, e);
    }
  }

  private refreshFailed(target: string, e: unknown): void {
    if (this.disposed) return;
    const s = this.sessions.get(target);
    // signed out or taken over by another profile meanwhile: not this session's failure
    if (!s || (isRolecallError(e) && e.code === 'SessionNotFound')) return;
    const info = toErrorInfo(e);
    this.sessions.set(target, { ...s, status: 'error', lastError: info });
    this.emit({ type: 'session-error', profile: s.profile, target, error: info });
    if (isRolecallError(e) && e.code === 'MfaRequired') {
      void this.autoRefreshWithPrompt(target);
    } else if (isRolecallError(e) && RETRYABLE.has(e.code)) {
      const attempt = this.retries.get(target) ?? 0;
      const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]!;
      this.retries.set(target, attempt + 1);
      const at = this.deps.clock.now() + delay;
      if (at < Date.parse(s.expiresAt)) this.scheduler.set(`refresh:${target}`, at, () => this.autoRefresh(target));
    }
    this.changed();
  }

  private async autoRefreshWithPrompt(target: string): Promise<void> {
    const s = this.sessions.get(target);
    if (!s?.mfaSerial) return;
    this.setStatus(target, 'waiting-for-mfa');
    await this.broker
      .wait(s.mfaSerial, s.profile, 'expiring', async (code) => {
        this.assertStillOwns(target, s.profile);
        await this.establish(await this.deps.loadCatalog(), s.profile, target, { refreshing: true, ...(code ? { mfaCode: code } : {}) });
      })
      .catch(() => undefined);
  }

  private async expire(target: string): Promise<void> {
    const s = this.sessions.get(target);
    if (!s || Date.parse(s.expiresAt) > this.deps.clock.now()) return;
    const removeExpired = this.deps.settings().removeExpired;
    let removed = false;
    // only our own session's section: if another switch (the CLI) replaced it meanwhile, it stays
    if (removeExpired) removed = await this.deps.writer.remove(target, { expectSource: s.profile }).catch(() => false);
    this.forget(target);
    await this.persist().catch(() => undefined); // state is rewritten on the next change anyway
    this.emit({ type: 'session-expired', profile: s.profile, target, removed });
    this.changed();
  }

  private forget(target: string): void {
    this.sessions.delete(target);
    this.retries.delete(target);
    this.scheduler.delete(`refresh:${target}`);
    this.scheduler.delete(`expire:${target}`);
  }

  /**
   * A refresh started (or a prompt opened) for `profile` on `target` must not write once the user
   * signed out or switched another profile onto that target meanwhile.
   */
  private assertStillOwns(target: string, profile: string): void {
    if (this.sessions.get(target)?.profile !== profile) {
      throw new RolecallError('SessionNotFound', `${profile} is no longer active on "${target}"; nothing was refreshed.`, { action: 'Switch again if you still need it.' });
    }
  }

  private requireSession(target: string): ActiveSession {
    const s = this.sessions.get(target) ?? [...this.sessions.values()].find((x) => x.profile === target);
    if (!s) throw new RolecallError('SessionNotFound', `No active session writes to "${target}".`, { action: 'Switch to a profile first.' });
    return s;
  }

  private setStatus(target: string, status: ActiveSession['status']): void {
    const s = this.sessions.get(target);
    if (!s || s.status === status) return;
    this.sessions.set(target, { ...s, status });
    this.changed();
  }

  private async persist(): Promise<void> {
    await this.deps.persistence.save(this.list().map(toRecord));
  }

  private changed(): void {
    this.emit({ type: 'sessions-changed', sessions: this.list() });
  }

  private emit(e: SessionEvent): void {
    if (this.disposed) return;
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // a failing listener (a closed window) must not break the session engine
      }
    }
  }
}

/** The device of an MfaRequired error, when that is what `e` is. */
function mfaSerialOf(e: unknown): string | undefined {
  return isRolecallError(e) && e.code === 'MfaRequired' && typeof e.details.mfaSerial === 'string' ? e.details.mfaSerial : undefined;
}

function toSession(r: ResolvedCredentials, target: string): ActiveSession {
  return {
    profile: r.profile,
    target,
    identityArn: r.identityArn,
    account: r.account,
    expiresAt: r.credentials.expiration.toISOString(),
    sourceProfile: r.sourceProfile,
    ...(r.mfaSerial ? { mfaSerial: r.mfaSerial } : {}),
    kind: r.kind,
    ...(r.region ? { region: r.region } : {}),
    refreshableWithoutCode: r.refreshableWithoutCode,
    status: 'active',
    notes: r.notes,
  };
}

function toRecord(s: ActiveSession): SessionRecord {
  const { status: _s, notes: _n, lastError: _e, ...record } = s;
  return record;
}
