/**
 * The app's background key check: finish or roll back an interrupted rotation (the journal in the
 * keychain) and notify about old keys at most once a week per source (`keyAgeNotified`).
 *
 * Why it waits for a healthy listing: the check talks to the keychain and to IAM, and a keychain
 * that hangs (an unanswered unlock prompt) must never hold up the window, the tray or the user's
 * own actions. So main starts nothing at launch; it calls {@link RotationStartup.afterListing}
 * each time a profile listing comes back, and only a listing in which the keychain answered
 * (`keychainProblem` absent) starts the check — asynchronously, with its own deadline. A check
 * that fails or misses its deadline says nothing (the keychain's trouble is already shown where the
 * user acted) and runs again after a later healthy listing. After one that succeeds it runs again
 * once a day at the next healthy listing, so a tray app left running keeps the weekly rhythm.
 */
import type { RolecallCore } from '../core/facade/app-core-types';
import type { KeyAge } from '../core/rotation/key-age';

export const KEY_CHECK_TIMEOUT_MS = 120_000;
export const KEY_CHECK_INTERVAL_MS = 24 * 3_600_000;

export interface RotationStartupDeps {
  core: Pick<RolecallCore, 'resumeRotations' | 'takeKeyAgeNotices'>;
  /** A notice for the user (open windows and a desktop notification). */
  notice(title: string, message: string): void;
  now(): number;
  timers: { setTimeout(cb: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
  timeoutMs?: number;
}

export function oldKeyNotice(a: KeyAge): string {
  return `The access key of “${a.source}” (${a.accessKeyId}) is ${a.ageDays ?? '?'} days old. Rotate it: Profiles › ${a.source} › Rotate keys…, or "rolecall rotate ${a.source}".`;
}

export class RotationStartup {
  private running = false;
  private lastDoneAt: number | undefined;

  constructor(private readonly deps: RotationStartupDeps) {}

  /** Called with every listing main gets; starts the check when the keychain answered and one is due. */
  afterListing(listing: { keychainProblem?: unknown }): void {
    if (listing.keychainProblem !== undefined || this.running) return;
    if (this.lastDoneAt !== undefined && this.deps.now() - this.lastDoneAt < KEY_CHECK_INTERVAL_MS) return;
    this.running = true;
    void this.runWithDeadline().then((done) => {
      this.running = false;
      if (done) this.lastDoneAt = this.deps.now();
    });
  }

  /** Whether a check is under way (for tests and the quit path). */
  isRunning(): boolean {
    return this.running;
  }

  private async runWithDeadline(): Promise<boolean> {
    let timer: unknown;
    const deadline = new Promise<false>((resolve) => {
      timer = this.deps.timers.setTimeout(() => resolve(false), this.deps.timeoutMs ?? KEY_CHECK_TIMEOUT_MS);
    });
    try {
      return await Promise.race([this.check().then(() => true as const), deadline]);
    } catch {
      return false;
    } finally {
      this.deps.timers.clearTimeout(timer);
    }
  }

  private async check(): Promise<void> {
    for (const line of await this.deps.core.resumeRotations()) this.deps.notice('Key rotation', line);
    for (const a of await this.deps.core.takeKeyAgeNotices()) this.deps.notice('Old access key', oldKeyNotice(a));
  }
}
