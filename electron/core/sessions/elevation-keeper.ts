/**
 * The end of an elevation (W4, rules in elevation.ts): falling back to the target's baseline when
 * an elevated session is signed out of, and — for a holder, the app or `rolecall agent` — when a
 * time-boxed one reaches its `fallsBackAt`, with a warning two minutes before.
 *
 * The baseline gets a fresh session from the same single path as any switch. When its MFA session
 * can vouch, that session replaces the elevated one in one write (the target is never empty); when
 * it needs a code, the elevated session goes first — the user asked for it to end — and then one
 * prompt asks for the baseline's code (the app's popup; a CLI at a terminal asks there).
 */
import { RolecallError, isRolecallError, toErrorInfo } from '../errors';
import { errorTraits } from '../error-traits';
import type { Planned } from '../sts/engine';
import { markerOf, mfaSerialOf } from './session-records';
import type { CodeOptions, ManagerDeps } from './manager-deps';
import type { DeadlineScheduler } from './scheduler';
import { ELEVATION_WARNING_SECONDS, MAX_ELEVATION_SECONDS, fallbackFor } from './elevation';
import type { ActiveSession, Fallback, SessionEvent } from './types';

/** A fallback the files refused is tried again after this long. */
const RETRY_MS = 15_000;

export interface ElevationDeps extends Pick<ManagerDeps, 'engine' | 'loadCatalog' | 'writer' | 'clock' | 'settings' | 'holder'> {
  scheduler: DeadlineScheduler;
  /** The manager's sessions by target (shared, not copied). */
  sessions: Map<string, ActiveSession>;
  emit(e: SessionEvent): void;
  changed(): void;
  isDisposed(): boolean;
  /** The manager's write path: the baseline's session onto `target`, only over `expectSource`'s section. */
  establish(planned: Planned, target: string, opts: { mfaCode?: string; expectSource: string }): Promise<ActiveSession>;
  withCode<T>(planned: Planned, opts: CodeOptions, run: (planned: Planned, code: string | undefined) => Promise<T>): Promise<T>;
  /** Removes the session's section (only while it still holds that session) and forgets it. */
  end(session: ActiveSession): Promise<void>;
}

export class ElevationKeeper {
  constructor(private readonly deps: ElevationDeps) {}

  /** A holder's timers for a time-boxed session: the warning, then the fallback. */
  schedule(target: string): void {
    this.unschedule(target);
    const s = this.deps.sessions.get(target);
    if (!s?.fallsBackAt || this.deps.holder === 'cli') return;
    const at = Date.parse(s.fallsBackAt);
    const warnAt = at - ELEVATION_WARNING_SECONDS * 1000;
    if (warnAt > this.deps.clock.now()) this.deps.scheduler.set(`elevation-warning:${target}`, warnAt, () => this.warn(target, s.fallsBackAt!));
    this.deps.scheduler.set(`elevation-end:${target}`, at, () => this.timeUp(target, s.fallsBackAt!));
  }

  unschedule(target: string): void {
    this.deps.scheduler.delete(`elevation-warning:${target}`);
    this.deps.scheduler.delete(`elevation-end:${target}`);
  }

  /**
   * Moves a time-boxed session's deadline `seconds` later (from now, if it passed), at most 12 hours
   * ahead: only the marker changes. False when the section no longer holds `s`'s session.
   */
  async extend(s: ActiveSession, seconds: number): Promise<boolean> {
    if (s.fallsBackAt === undefined) {
      throw new RolecallError('NotTimeBoxed', `${s.profile} on "${s.target}" is not time-boxed, so there is nothing to extend.`, {
        action: `To time-box it, switch again with a length: rolecall switch ${s.profile} --for 30m`,
      });
    }
    const now = this.deps.clock.now();
    const until = Math.min(Math.max(Date.parse(s.fallsBackAt), now) + seconds * 1000, now + MAX_ELEVATION_SECONDS * 1000);
    const next: ActiveSession = { ...s, fallsBackAt: new Date(until).toISOString() };
    if (!(await this.deps.writer.retag(s.target, markerOf(next), { expectSource: s.profile }))) return false;
    this.deps.sessions.set(s.target, next);
    return true;
  }

  /**
   * Ends `s` and puts its target back on `baseline`: the result says which session the target now
   * holds, or why it is empty. Errors of the files (a locked file) are thrown: nothing changed then.
   */
  async fallBack(s: ActiveSession, baseline: string, opts: CodeOptions, timedOut = false): Promise<Fallback> {
    const base = { target: s.target, from: s.profile, baseline };
    const outcome: Fallback = await this.restore(s, baseline, opts).then(
      (restored): Fallback => ({ ...base, restored }),
      async (e: unknown): Promise<Fallback> => {
        if (isRolecallError(e) && errorTraits(e.code).needs === 'files') throw e;
        await this.deps.end(s);
        return { ...base, error: toErrorInfo(e) };
      },
    );
    this.deps.emit({ type: 'fell-back', profile: s.profile, target: s.target, baseline, ...(outcome.restored ? { restored: outcome.restored } : {}), ...(outcome.error ? { error: outcome.error } : {}), timedOut });
    return outcome;
  }

  private async restore(s: ActiveSession, baseline: string, opts: CodeOptions): Promise<ActiveSession> {
    const plan = async () => this.deps.engine.plan(await this.deps.loadCatalog(), baseline);
    let planned = await plan();
    if (planned.needsCodeFor === undefined) {
      try {
        return await this.deps.establish(planned, s.target, { expectSource: s.profile });
      } catch (e) {
        // AWS refused the cached MFA session (the engine dropped it): a code after all, below
        if (mfaSerialOf(e) === undefined) throw e;
        planned = await plan();
      }
    }
    await this.deps.end(s);
    // the target is empty now: the baseline's session goes there unless another switch got there first
    return this.deps.withCode(planned, opts, (p, code) => this.deps.establish(p, s.target, { ...(code !== undefined ? { mfaCode: code } : {}), expectSource: baseline }));
  }

  /**
   * A holder's expiry of a session with a baseline: the target goes back to the baseline rather
   * than empty (the app asks for its code in the popup when needed). False when there is none, or
   * when the user keeps expired sections ("remove expired" off): a failed fallback would remove it.
   */
  async atExpiry(s: ActiveSession): Promise<boolean> {
    const baseline = fallbackFor(s, this.deps.settings());
    if (baseline === undefined || !this.deps.settings().removeExpired) return false;
    await this.fallBack(s, baseline, this.holderCodeOptions(s.target, baseline), true);
    this.deps.changed();
    return true;
  }

  /** Only the app can show a prompt; a headless agent reports that the baseline needs a code. */
  private holderCodeOptions(target: string, baseline: string | undefined): CodeOptions {
    return { promptForMfa: this.deps.holder === 'app', prompt: { requestedBy: `fallback of ${target} to ${baseline ?? 'nothing'}` } };
  }

  private warn(target: string, fallsBackAt: string): void {
    const s = this.deps.sessions.get(target);
    if (!s || s.fallsBackAt !== fallsBackAt || this.deps.isDisposed()) return;
    const secondsLeft = Math.max(0, Math.round((Date.parse(fallsBackAt) - this.deps.clock.now()) / 1000));
    const baseline = fallbackFor(s, this.deps.settings());
    this.deps.emit({ type: 'elevation-ending', profile: s.profile, target, ...(baseline ? { baseline } : {}), secondsLeft });
  }

  private async timeUp(target: string, fallsBackAt: string): Promise<void> {
    const s = this.deps.sessions.get(target);
    // extended (a later deadline) or ended meanwhile: not this deadline's business
    if (!s || s.fallsBackAt !== fallsBackAt || this.deps.isDisposed()) return;
    const baseline = fallbackFor(s, this.deps.settings());
    const opts = this.holderCodeOptions(target, baseline);
    try {
      if (baseline !== undefined) await this.fallBack(s, baseline, opts, true);
      else {
        await this.deps.end(s);
        this.deps.emit({ type: 'fell-back', profile: s.profile, target, timedOut: true });
      }
    } catch (e) {
      // the files refused (a lock held too long): the elevated session is still there, so try again soon
      this.deps.emit({ type: 'session-error', profile: s.profile, target, error: toErrorInfo(e) });
      this.deps.scheduler.set(`elevation-end:${target}`, this.deps.clock.now() + RETRY_MS, () => this.timeUp(target, fallsBackAt));
    }
    this.deps.changed();
  }
}
