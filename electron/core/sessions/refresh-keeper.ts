/**
 * What a holder (the app or `rolecall agent`) does for the sessions it holds: one scheduler holds
 * every deadline. At `expiresAt − lead time` a session refreshes silently when its MFA session can
 * still vouch, else the user is asked for a code once per device; at `expiresAt` an unrefreshed
 * session's section is removed (if the user wants that) and reported expired. Failures a retry can
 * fix are retried with backoff while the session lasts. A CLI (`holder: 'cli'`) schedules nothing.
 */
import { RolecallError, isRolecallError, toErrorInfo } from '../errors';
import { errorTraits } from '../error-traits';
import type { Planned } from '../sts/engine';
import type { ManagerDeps } from './manager';
import type { DeadlineScheduler } from './scheduler';
import type { MfaBroker } from './mfa-broker';
import type { ActiveSession, SessionEvent } from './types';

/** Retry delays for refreshes that failed for reasons a retry can fix (network, throttling, 5xx). */
const RETRY_DELAYS_MS = [15_000, 30_000, 60_000, 120_000, 300_000];

export interface KeeperDeps extends Pick<ManagerDeps, 'engine' | 'loadCatalog' | 'writer' | 'clock' | 'settings' | 'holder'> {
  scheduler: DeadlineScheduler;
  broker: MfaBroker;
  /** The manager's sessions by target (shared, not copied). */
  sessions: Map<string, ActiveSession>;
  emit(e: SessionEvent): void;
  /** The manager's `sessions-changed` announcement (its sorted list). */
  changed(): void;
  isDisposed(): boolean;
  /** The manager's write path for a refresh (only over the same profile's section). */
  establish(planned: Planned, target: string, code: string | undefined): Promise<ActiveSession>;
  forget(target: string): void;
  /**
   * An expired session whose target has a baseline (W4) goes back to it instead of being left empty;
   * false when there is none (the section is then removed as usual).
   */
  fallBackAtExpiry(s: ActiveSession): Promise<boolean>;
}

export class RefreshKeeper {
  private readonly retries = new Map<string, number>();

  constructor(private readonly deps: KeeperDeps) {}

  schedule(target: string): void {
    const s = this.deps.sessions.get(target);
    this.retries.delete(target);
    if (!s || this.deps.holder === 'cli') return;
    const expiresAt = Date.parse(s.expiresAt);
    const now = this.deps.clock.now();
    // A lead time as long as the session would refresh again at once, forever: refresh no earlier
    // than halfway through what is left (and never within a minute of the last refresh).
    const earliest = Math.min(expiresAt, now + Math.max(60_000, (expiresAt - now) / 2));
    const refreshAt = Math.max(expiresAt - this.deps.settings().leadTimeSeconds * 1000, earliest);
    this.deps.scheduler.set(`refresh:${target}`, refreshAt, () => this.autoRefresh(target));
    this.deps.scheduler.set(`expire:${target}`, expiresAt, () => this.expire(target));
  }

  unschedule(target: string): void {
    this.retries.delete(target);
    this.deps.scheduler.delete(`refresh:${target}`);
    this.deps.scheduler.delete(`expire:${target}`);
  }

  private async autoRefresh(target: string): Promise<void> {
    const s = this.deps.sessions.get(target);
    if (!s || this.deps.isDisposed()) return;
    let planned: Planned | undefined;
    try {
      planned = await this.deps.engine.plan(await this.deps.loadCatalog(), s.profile);
    } catch (e) {
      this.refreshFailed(target, s.profile, e);
      return;
    }
    const secondsLeft = Math.max(0, Math.round((Date.parse(s.expiresAt) - this.deps.clock.now()) / 1000));
    this.deps.emit({ type: 'session-expiring', profile: s.profile, target, secondsLeft, needsMfa: planned.needsCodeFor !== undefined });
    if (planned.needsCodeFor) {
      void this.withPrompt(target, s, planned.needsCodeFor, planned);
      return;
    }
    this.setStatus(target, 'refreshing');
    try {
      this.assertStillHolds(target, s.profile);
      await this.deps.establish(planned, target, undefined);
    } catch (e) {
      this.refreshFailed(target, s.profile, e);
    }
  }

  /**
   * Waits for a code through the prompt (joined at once, so the prompt is open when this returns);
   * a cancelled prompt leaves the session to expire. Without a plan (AWS refused the cached MFA
   * session mid-refresh), the job plans when the code arrives.
   */
  private async withPrompt(target: string, s: ActiveSession, serial: string, planned: Planned | undefined): Promise<void> {
    this.setStatus(target, 'waiting-for-mfa');
    await this.deps.broker
      .wait(serial, s.profile, 'expiring', async (code) => {
        this.assertStillHolds(target, s.profile);
        // without a code (another job spent it on a new MFA session) or without a plan: plan now
        const p = planned && code !== undefined ? planned : await this.deps.engine.plan(await this.deps.loadCatalog(), s.profile);
        return this.deps.establish(p, target, code);
      })
      .catch(() => undefined);
  }

  private refreshFailed(target: string, profile: string, e: unknown): void {
    if (this.deps.isDisposed()) return;
    const s = this.deps.sessions.get(target);
    // signed out, taken over or fallen back to another profile meanwhile: not this session's failure
    if (!s || s.profile !== profile || (isRolecallError(e) && (e.code === 'SessionReplaced' || e.code === 'SessionEnded'))) return;
    const info = toErrorInfo(e);
    this.deps.sessions.set(target, { ...s, status: 'error', lastError: info });
    this.deps.emit({ type: 'session-error', profile: s.profile, target, error: info });
    if (isRolecallError(e) && e.code === 'MfaRequired') {
      const serial = typeof e.details.mfaSerial === 'string' ? e.details.mfaSerial : s.mfaSerial;
      if (serial) void this.withPrompt(target, s, serial, undefined);
    } else if (errorTraits(info.code).retryable) {
      const attempt = this.retries.get(target) ?? 0;
      const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]!;
      this.retries.set(target, attempt + 1);
      const at = this.deps.clock.now() + delay;
      if (at < Date.parse(s.expiresAt)) this.deps.scheduler.set(`refresh:${target}`, at, () => this.autoRefresh(target));
    }
    this.deps.changed();
  }

  private async expire(target: string): Promise<void> {
    const s = this.deps.sessions.get(target);
    if (!s || Date.parse(s.expiresAt) > this.deps.clock.now()) return;
    if (await this.deps.fallBackAtExpiry(s).catch(() => false)) return;
    let removed = false;
    // only our own session's section: if another switch (the CLI) replaced it meanwhile, it stays
    // and only if it is still that session: the same profile switched again elsewhere has a later expiry
    if (this.deps.settings().removeExpired) removed = await this.deps.writer.remove(target, { expectSource: s.profile, expiredBy: new Date(this.deps.clock.now()) }).catch(() => false);
    this.deps.forget(target);
    this.deps.emit({ type: 'session-expired', profile: s.profile, target, removed });
    this.deps.changed();
  }

  /**
   * A refresh started (or a prompt opened) for `profile` on `target` must not write once the user
   * signed out or switched another profile onto that target meanwhile.
   */
  private assertStillHolds(target: string, profile: string): void {
    if (this.deps.sessions.get(target)?.profile !== profile) {
      throw new RolecallError('SessionEnded', `${profile} is no longer active on "${target}"; nothing was refreshed.`, { action: 'Switch again if you still need it.' });
    }
  }

  private setStatus(target: string, status: ActiveSession['status']): void {
    const s = this.deps.sessions.get(target);
    if (!s || s.status === status) return;
    this.deps.sessions.set(target, { ...s, status });
    this.deps.changed();
  }

}
