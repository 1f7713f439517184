/**
 * The session manager: which profile's session each target profile holds, and the one path that
 * makes one. Its list is a view of the ledger (the credentials file's markers, ledger.ts), which
 * every process reads the same way; the holder — the tray app or `rolecall agent` — also keeps what
 * it holds fresh (refresh-keeper.ts). A CLI without a running holder makes and removes sessions but
 * keeps nothing: its sessions last until they expire (`heldBy: 'cli'`).
 *
 * Every operation loads the catalog once and plans once; the engine executes that plan. Credentials
 * are written only after STS succeeded: any failure leaves the credentials file as it was.
 */
import { RolecallError, isRolecallError } from '../errors';
import type { Planned } from '../sts/engine';
import type { ResolvedCredentials } from '../sts/engine-types';
import { DeadlineScheduler } from './scheduler';
import { MfaBroker } from './mfa-broker';
import type { CodeOptions, DetachedOptions, ManagerDeps } from './manager-deps';
import type { ActiveSession, SessionEvent, SessionRecord, SignOutOptions, SignOutResult, SwitchOptions } from './types';
import { checkTarget } from './target-check';
import { RefreshKeeper } from './refresh-keeper';
import { ElevationKeeper } from './elevation-keeper';
import { DEFAULT_EXTENSION_SECONDS, baselineAfter, fallbackFor, isElevated } from './elevation';
import { assertElevationLength, definedOnly, markerOf, mfaSerialOf, toSession } from './session-records';
import { reconcile } from './ledger-sync';

export type { CredentialsWriter, DetachedOptions, ManagerDeps, ManagerSettings } from './manager-deps';

export class SessionManager {
  private readonly sessions = new Map<string, ActiveSession>(); // by target
  private readonly scheduler: DeadlineScheduler;
  private readonly broker: MfaBroker;
  private readonly keeper: RefreshKeeper;
  private readonly elevation: ElevationKeeper;
  private readonly listeners = new Set<(e: SessionEvent) => void>();
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
    this.keeper = new RefreshKeeper({
      ...deps,
      scheduler: this.scheduler,
      broker: this.broker,
      sessions: this.sessions,
      emit: (e) => this.emit(e),
      changed: () => this.changed(),
      isDisposed: () => this.disposed,
      establish: (planned, target, code) => this.establish(planned, target, { refreshing: true, ...(code !== undefined ? { mfaCode: code } : {}) }),
      forget: (target) => this.forget(target),
      fallBackAtExpiry: (s) => this.elevation.atExpiry(s),
    });
    this.elevation = new ElevationKeeper({
      ...deps,
      scheduler: this.scheduler,
      sessions: this.sessions,
      emit: (e) => this.emit(e),
      changed: () => this.changed(),
      isDisposed: () => this.disposed,
      establish: (planned, target, o) => this.establish(planned, target, o),
      withCode: (planned, o, run) => this.withCode(planned, o, run),
      end: (session) => this.end(session),
    });
  }

  on(listener: (e: SessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The sessions this process knows, soonest to expire first (call `sync` for the ledger's latest). */
  list(): ActiveSession[] {
    const settings = this.deps.settings();
    // `elevated` follows the settings as they are now (a profile marked elevated after its switch)
    return [...this.sessions.values()].map((s) => ({ ...s, elevated: isElevated(s, settings) })).sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
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
   * Makes the list match the ledger: sessions another process switched (or an earlier run left)
   * are adopted — and kept fresh, by a holder — and sessions whose marker is gone or names another
   * profile are forgotten. Reads only. Expired records are left out (see `adopt`).
   */
  async sync(): Promise<ActiveSession[]> {
    const changed = reconcile(this.sessions, await this.deps.readLedger(), {
      now: this.deps.clock.now(),
      holder: this.deps.holder,
      settings: this.deps.settings(),
      track: (t) => this.track(t),
      forget: (t) => this.forget(t),
    });
    if (changed) this.changed();
    return this.list();
  }

  /**
   * A holder's start: adopts what the ledger shows (a CLI-made session keeps its expiry and is
   * refreshed when its MFA session can vouch) and removes only sections whose marker says expired.
   */
  async adopt(): Promise<{ adopted: number; expired: number }> {
    const records = await this.deps.readLedger();
    const now = this.deps.clock.now();
    let expired = 0;
    for (const r of records) {
      if (Date.parse(r.expiresAt) > now) continue;
      expired++;
      // one section that cannot be removed (a locked file) must not stop the others
      if (this.deps.settings().removeExpired) await this.deps.writer.remove(r.target, { expectSource: r.profile, expiredBy: new Date(now) }).catch(() => false);
    }
    return { adopted: (await this.sync()).length, expired };
  }

  /**
   * Switches `profile` onto its target profile. When a code is needed and none was given, either
   * waits for one through the MFA prompt (`promptForMfa`) or throws MfaRequired.
   */
  async switchTo(profile: string, opts: SwitchOptions = {}): Promise<ActiveSession> {
    const target = opts.target ?? this.targetFor(profile);
    if (opts.forSeconds !== undefined) assertElevationLength(opts.forSeconds);
    const catalog = await this.deps.loadCatalog();
    checkTarget(catalog, profile, target, opts.takeOver === true);
    const planned = await this.deps.engine.plan(catalog, profile, opts.durationSeconds !== undefined ? { durationSeconds: opts.durationSeconds } : {});
    return this.withCode(planned, opts, async (p, code) => {
      // what the target holds when the write happens decides the new session's baseline (W4)
      const current = (await this.sync(), this.sessions.get(target));
      const fallsBackAt = opts.forSeconds !== undefined ? new Date(this.deps.clock.now() + opts.forSeconds * 1000).toISOString() : current?.profile === profile ? current.fallsBackAt : undefined;
      const baseline = baselineAfter(target, current, profile, this.deps.settings());
      return this.establish(p, target, { takeOver: opts.takeOver === true, ...(code !== undefined ? { mfaCode: code } : {}), elevation: { ...(baseline ? { baseline } : {}), ...(fallsBackAt ? { fallsBackAt } : {}) } });
    });
  }

  /**
   * Credentials for `profile` that go nowhere on disk (credential_process, console URL), on the
   * same path as a switch: one plan, and the same single-flight prompt, so concurrent callers share
   * one code; `prompt` says who asked and when the caller went away (MfaBroker's WaitOptions).
   */
  async resolveDetached(profile: string, opts: DetachedOptions): Promise<ResolvedCredentials> {
    const planned = await this.deps.engine.plan(await this.deps.loadCatalog(), profile, {
      ...(opts.minRemainingSeconds !== undefined ? { minRemainingSeconds: opts.minRemainingSeconds } : {}),
      ...(opts.durationSeconds !== undefined ? { durationSeconds: opts.durationSeconds } : {}),
    });
    return this.withCode(planned, opts, (p, code) => this.deps.engine.execute(p, code !== undefined ? { mfaCode: code } : {}));
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
    const s = await this.requireSession(target);
    return this.switchTo(s.profile, { target: s.target, promptForMfa: true, takeOver: false });
  }

  /**
   * Signs out of `which` (a target, else a profile's sessions). A session with a baseline puts its
   * target back on it (W4, elevation-keeper.ts) unless `noFallback`; any other's section is removed.
   * By profile, only sections still holding that profile's session go.
   */
  async signOut(which: string, opts: SignOutOptions = {}): Promise<SignOutResult> {
    await this.sync();
    const byTarget = this.sessions.get(which);
    const ended = byTarget ? [this.list().find((s) => s.target === which)!] : this.list().filter((s) => s.profile === which);
    if (ended.length === 0) throw noSession(which);
    const fallbacks = [];
    for (const s of ended) {
      const baseline = opts.noFallback === true ? undefined : fallbackFor(s, this.deps.settings());
      if (baseline !== undefined) fallbacks.push(await this.elevation.fallBack(s, baseline, opts));
      else await this.end(s, byTarget !== undefined);
    }
    this.changed();
    return { ended, fallbacks };
  }

  /**
   * Extends a time-boxed elevation by `seconds` from its current end (or from now, if that passed):
   * only the marker changes, no STS call.
   */
  async extend(which: string, seconds: number = DEFAULT_EXTENSION_SECONDS): Promise<ActiveSession> {
    assertElevationLength(seconds);
    const s = await this.requireSession(which);
    // not written: the section changed meanwhile (the ledger says what it holds now)
    if (!(await this.elevation.extend(s, seconds))) await this.sync();
    if (this.sessions.get(s.target)?.profile !== s.profile) throw noSession(which);
    this.track(s.target);
    this.changed();
    return this.list().find((x) => x.target === s.target)!;
  }

  async signOutAll(): Promise<ActiveSession[]> {
    const ended = await this.sync();
    for (const s of ended) await this.deps.writer.remove(s.target, { expectSource: s.profile });
    for (const s of ended) this.forget(s.target);
    this.changed();
    return ended;
  }

  /** Stops every timer (quit). Sections stay: other tools keep working until they expire. */
  dispose(): void {
    this.disposed = true;
    this.scheduler.clear();
  }

  /**
   * Runs `run` with the code the plan needs: the given one, one asked through the prompt, or none.
   * A job the prompt runs without a code (another job spent it on a new MFA session) plans again,
   * to find that session: the one case where an operation plans twice.
   */
  private async withCode<T>(planned: Planned, opts: CodeOptions, run: (planned: Planned, code: string | undefined) => Promise<T>): Promise<T> {
    const replan = async (): Promise<Planned> => this.deps.engine.plan(await this.deps.loadCatalog(), planned.plan.profile, planned.opts);
    const viaPrompt = (serial: string): Promise<T> => this.broker.wait(serial, planned.plan.profile, 'switch', async (code) => run(code === undefined ? await replan() : planned, code), opts.prompt);
    if (planned.needsCodeFor && opts.mfaCode === undefined && opts.promptForMfa) return viaPrompt(planned.needsCodeFor);
    try {
      return await run(planned, opts.mfaCode);
    } catch (e) {
      // AWS refused the cached MFA session mid-way (it was dropped): ask for a code after all
      const serial = mfaSerialOf(e);
      if (serial && opts.mfaCode === undefined && opts.promptForMfa) return viaPrompt(serial);
      throw e;
    }
  }

  /**
   * Executes the plan and writes its session onto `target`. `elevation`: the new session's baseline
   * and time box (a refresh keeps the session's own); `expectSource`: only over that profile's section.
   */
  private async establish(
    planned: Planned,
    target: string,
    opts: { mfaCode?: string; takeOver?: boolean; refreshing?: boolean; expectSource?: string; elevation?: Pick<SessionRecord, 'baseline' | 'fallsBackAt'> },
  ): Promise<ActiveSession> {
    const profile = planned.plan.profile;
    const resolved = await this.deps.engine.execute(planned, opts.mfaCode !== undefined ? { mfaCode: opts.mfaCode } : {});
    const previous = this.sessions.get(target);
    const elevation = opts.refreshing && previous?.profile === profile ? { baseline: previous.baseline, fallsBackAt: previous.fallsBackAt } : (opts.elevation ?? {});
    const session = toSession(resolved, target, this.deps.holder, definedOnly(elevation), this.deps.settings());
    try {
      await this.deps.writer.write(target, resolved.credentials, markerOf(session, resolved.credentials.expiration), {
        takeOver: opts.takeOver === true && !previous,
        // a refresh never overwrites a session someone switched onto the target meanwhile
        ...(opts.refreshing ? { expectSource: profile } : opts.expectSource !== undefined ? { expectSource: opts.expectSource } : {}),
        ...(resolved.region !== undefined ? { region: resolved.region } : {}),
      });
    } catch (e) {
      if (opts.refreshing && isRolecallError(e) && e.code === 'SessionReplaced' && this.sessions.get(target)?.profile === profile) {
        this.forget(target);
        this.changed();
      }
      throw e;
    }
    this.sessions.set(target, session);
    this.track(target);
    if (previous && previous.profile === profile) this.emit({ type: 'session-refreshed', profile, target, expiresAt: session.expiresAt });
    this.changed();
    return session;
  }

  private forget(target: string): void {
    this.sessions.delete(target);
    this.keeper.unschedule(target);
    this.elevation.unschedule(target);
  }

  /** A holder's timers for the session on `target`: its refresh and expiry, and its time box. */
  private track(target: string): void {
    this.keeper.schedule(target);
    this.elevation.schedule(target);
  }

  /** Removes the session's section — by target, whatever it holds; else only while it holds that session — and forgets it. */
  private async end(s: ActiveSession, whateverItHolds = false): Promise<void> {
    await this.deps.writer.remove(s.target, whateverItHolds ? {} : { expectSource: s.profile });
    this.forget(s.target);
  }

  private async requireSession(which: string): Promise<ActiveSession> {
    const find = () => this.sessions.get(which) ?? this.list().find((x) => x.profile === which);
    const s = find() ?? (await this.sync(), find());
    if (!s) throw noSession(which);
    return s;
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

function noSession(which: string): RolecallError {
  return new RolecallError('SessionNotFound', `No active session writes to "${which}".`, { action: 'Check the name with "rolecall status", or switch to a profile first.' });
}
