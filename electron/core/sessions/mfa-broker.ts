/**
 * Single-flight MFA prompting. Every switch or refresh that needs a code for a device waits here;
 * the device gets one `mfa-required` announcement however many wait on it (no prompt storms), and
 * one accepted code serves them all: the first job spends the code on the MFA session, the others
 * then find that session cached and run without one.
 *
 * Against prompt fatigue from the credential_process socket (any same-user process can connect): a
 * job whose caller went away (its `signal` aborted) leaves the queue, and the prompt closes when no
 * one is left; after a cancel, unattended waits (the socket's) for that device are refused for
 * `MFA_COOL_DOWN_SECONDS` with a clear error instead of reopening the popup at once. The prompt
 * names who asked (`requestedBy`), so the user can tell a stray loop from their own command.
 */
import { RolecallError, isRolecallError } from '../errors';

/** How long after a cancel an unattended request may not reopen the prompt for the same device. */
export const MFA_COOL_DOWN_SECONDS = 30;

export type MfaReason = 'switch' | 'expiring';

/** What a prompt shows: which device, which profiles wait on it, and why. */
export interface MfaRequest {
  mfaSerial: string;
  profiles: string[];
  reason: MfaReason;
  /** Who asked, e.g. `credential_process for profile admin`; absent when only the app itself did. */
  requestedBy?: string[];
}

/** Where a wait comes from, and how it may end early. */
export interface WaitOptions {
  /** Shown in the prompt. */
  requestedBy?: string;
  /** Aborted when the caller went away: the job leaves the queue (MfaRequired). */
  signal?: AbortSignal;
  /** Not started by the user at the screen (the socket): refused during the cool-down after a cancel. */
  unattended?: boolean;
}

/**
 * `required` is announced once per device until it is answered or cancelled (the popup opens on it);
 * `updated` when another profile joins the wait; `resolved` when nothing waits any more.
 */
export type MfaBrokerEvent =
  | { type: 'required'; request: MfaRequest }
  | { type: 'updated'; request: MfaRequest }
  | { type: 'resolved'; mfaSerial: string };

/** A piece of work that needs a code: run with one (the first) or without (the rest). */
type Job = {
  profile: string;
  requestedBy: string | undefined;
  run(code: string | undefined): Promise<unknown>;
  resolve(value: unknown): void;
  reject(e: unknown): void;
};

/** Errors that mean "the code was the problem": the prompt stays open for another try. */
const CODE_ERRORS = new Set(['MfaInvalid', 'MfaCodeReused', 'InvalidInput']);

export class MfaBroker {
  private pending = new Map<string, { reason: MfaReason; jobs: Job[]; submitting?: Job }>();
  /** Epoch ms until which unattended waits per device are refused (set by a cancel). */
  private coolDownUntil = new Map<string, number>();

  constructor(
    private readonly announce: (event: MfaBrokerEvent) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Queues `run` until a code for `mfaSerial` arrives; resolves with what `run` returned once it succeeded. */
  wait<T>(mfaSerial: string, profile: string, reason: MfaReason, run: (code: string | undefined) => Promise<T>, opts: WaitOptions = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const refused = this.refusal(mfaSerial, opts);
      if (refused) return reject(refused);
      const entry = this.pending.get(mfaSerial);
      const job: Job = { profile, requestedBy: opts.requestedBy, run, resolve: (v) => resolve(v as T), reject };
      opts.signal?.addEventListener('abort', () => this.leave(mfaSerial, job), { once: true });
      if (entry) {
        entry.jobs.push(job);
        // a switch outranks an expiry reminder: the user is waiting at the screen
        if (reason === 'switch') entry.reason = 'switch';
        this.announce({ type: 'updated', request: this.requestFor(mfaSerial)! });
      } else {
        this.pending.set(mfaSerial, { reason, jobs: [job] });
        this.announce({ type: 'required', request: this.requestFor(mfaSerial)! });
      }
    });
  }

  /** The open requests, for a window opened after the announcement. */
  requests(): MfaRequest[] {
    return [...this.pending.keys()].map((s) => this.requestFor(s)!);
  }

  /**
   * Spends `code` on the first waiting job. A wrong or reused code rejects here and keeps the prompt
   * open; any other failure fails that job alone. The remaining jobs then run without a code.
   */
  async submit(mfaSerial: string, code: string): Promise<void> {
    const entry = this.pending.get(mfaSerial);
    if (!entry || entry.jobs.length === 0) {
      throw new RolecallError('NoPendingMfa', `Nothing is waiting for a code from ${mfaSerial}.`, { action: 'Start the switch again.' });
    }
    // one code at a time per device: a second submit (popup and main window, a double Enter) would
    // spend a second code on the same job, or run a job twice
    if (entry.submitting) {
      throw new RolecallError('MfaCodeReused', `A code for ${mfaSerial} is already being checked.`, { action: 'Wait a moment for the answer.', details: { mfaSerial, waitSeconds: 1 } });
    }
    const first = entry.jobs[0]!;
    entry.submitting = first;
    let value: unknown;
    try {
      value = await first.run(code);
    } catch (e) {
      entry.submitting = undefined;
      if (isRolecallError(e) && CODE_ERRORS.has(e.code)) throw e;
      removeJob(entry.jobs, first);
      first.reject(e);
      this.settle(mfaSerial);
      throw e;
    }
    entry.submitting = undefined;
    removeJob(entry.jobs, first);
    first.resolve(value);
    const rest = entry.jobs.splice(0);
    this.pending.delete(mfaSerial);
    for (const job of rest) {
      try {
        job.resolve(await job.run(undefined));
      } catch (e) {
        if (isRolecallError(e) && e.code === 'MfaRequired') {
          // this job needs its own code (e.g. a role assumed directly for > 1 h): ask again
          void this.wait(mfaSerial, job.profile, 'switch', job.run, job.requestedBy ? { requestedBy: job.requestedBy } : {}).then(job.resolve, job.reject);
        } else {
          job.reject(e);
        }
      }
    }
    this.settle(mfaSerial);
  }

  /** The user closed the prompt: every waiting job fails with MfaRequired. */
  cancel(mfaSerial: string): void {
    const entry = this.pending.get(mfaSerial);
    if (!entry) return;
    this.pending.delete(mfaSerial);
    this.coolDownUntil.set(mfaSerial, this.now() + MFA_COOL_DOWN_SECONDS * 1000);
    const err = new RolecallError('MfaRequired', `No MFA code was entered for ${mfaSerial}.`, {
      action: 'Switch again when you have your MFA device at hand.',
      details: { mfaSerial },
    });
    for (const job of entry.jobs) job.reject(err);
    this.announce({ type: 'resolved', mfaSerial });
  }

  /** Why a wait may not open the prompt now (the cool-down after a cancel, a caller already gone). */
  private refusal(mfaSerial: string, opts: WaitOptions): RolecallError | undefined {
    if (opts.signal?.aborted) return gone(mfaSerial);
    const until = this.coolDownUntil.get(mfaSerial) ?? 0;
    const left = Math.ceil((until - this.now()) / 1000);
    if (!opts.unattended || left <= 0) return undefined;
    return new RolecallError('MfaRequired', `The MFA prompt for ${mfaSerial} was just cancelled; Rolecall does not ask again for ${left} s.`, {
      action: `Run the command again in ${left} s, or switch in the Rolecall window to be asked at once.`,
      details: { mfaSerial, waitSeconds: left },
    });
  }

  /** The caller of `job` went away: it leaves the queue (unless its code is being checked right now). */
  private leave(mfaSerial: string, job: Job): void {
    const entry = this.pending.get(mfaSerial);
    if (!entry || entry.submitting === job || !entry.jobs.includes(job)) return;
    removeJob(entry.jobs, job);
    job.reject(gone(mfaSerial));
    this.settle(mfaSerial);
  }

  private settle(mfaSerial: string): void {
    const entry = this.pending.get(mfaSerial);
    if (entry && entry.jobs.length > 0) this.announce({ type: 'updated', request: this.requestFor(mfaSerial)! });
    else {
      this.pending.delete(mfaSerial);
      this.announce({ type: 'resolved', mfaSerial });
    }
  }

  private requestFor(mfaSerial: string): MfaRequest | undefined {
    const entry = this.pending.get(mfaSerial);
    if (!entry) return undefined;
    const requestedBy = [...new Set(entry.jobs.flatMap((j) => (j.requestedBy ? [j.requestedBy] : [])))];
    return { mfaSerial, reason: entry.reason, profiles: [...new Set(entry.jobs.map((j) => j.profile))], ...(requestedBy.length > 0 ? { requestedBy } : {}) };
  }
}

function gone(mfaSerial: string): RolecallError {
  return new RolecallError('MfaRequired', `The command that asked for a code from ${mfaSerial} went away before one was entered.`, {
    action: 'Run the command again when you have your MFA device at hand.',
    details: { mfaSerial },
  });
}

function removeJob(jobs: Job[], job: Job): void {
  const i = jobs.indexOf(job);
  if (i >= 0) jobs.splice(i, 1);
}
