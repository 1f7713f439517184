/**
 * Keeps one profile's session fresh for the container-credentials server, on the injectable clock:
 * refreshed in the background ahead of expiry, so a request is answered at once from memory (the
 * JS SDK waits 1 s for an answer, botocore 2 s) and never waits for STS while the session it holds
 * is still good. Nothing is written anywhere.
 */
import type { ServedCredentials } from './server';
import type { Clock } from '../sessions/clock';

/**
 * Refresh this long before expiry: more than botocore's 15-minute advisory window, so the SDKs,
 * which refetch inside that window, are handed the new session rather than the old one again.
 */
export const REFRESH_LEAD_MS = 16 * 60_000;
/** After a failed refresh, try again this soon (sooner when the session ends sooner). */
const RETRY_MS = 30_000;

export interface RefresherOptions {
  clock: Clock;
  /** A session with at least `minRemainingSeconds` left (the core's credentialsFor). */
  fetch(minRemainingSeconds: number): Promise<ServedCredentials>;
  /** A background refresh failed; the current session is still served while it lasts. */
  onError(e: unknown): void;
}

export class CredentialRefresher {
  private current: { creds: ServedCredentials; fetchedAt: number } | undefined;
  private timer: unknown;
  private running: Promise<ServedCredentials> | undefined;
  private stopped = false;

  constructor(private readonly opts: RefresherOptions) {}

  /** Gets the first session (errors, MFA included, go to the caller) and starts refreshing. */
  async start(minRemainingSeconds: number): Promise<ServedCredentials> {
    return this.fetch(minRemainingSeconds);
  }

  /**
   * The session to hand out: the held one while it has a quarter of the refresh lead left (time for
   * the caller to use it), else the refresh under way (which normally finished long before).
   */
  async credentials(): Promise<ServedCredentials> {
    const held = this.current;
    if (held) {
      const expiry = held.creds.expiration.getTime();
      const floor = CredentialRefresher.leadMs(expiry - held.fetchedAt) / 4;
      if (expiry - this.opts.clock.now() > floor) return held.creds;
    }
    return this.running ?? this.fetch(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.opts.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  /** How long before expiry to refresh: {@link REFRESH_LEAD_MS}, or half the session for short ones. */
  static leadMs(lifetimeMs: number): number {
    return Math.min(REFRESH_LEAD_MS, Math.floor(lifetimeMs / 2));
  }

  private fetch(minRemainingSeconds: number): Promise<ServedCredentials> {
    const p = this.opts
      .fetch(minRemainingSeconds)
      .then((creds) => {
        this.current = { creds, fetchedAt: this.opts.clock.now() };
        this.schedule(creds);
        return creds;
      })
      .finally(() => {
        if (this.running === p) this.running = undefined;
      });
    this.running = p;
    return p;
  }

  private schedule(creds: ServedCredentials): void {
    if (this.stopped) return;
    if (this.timer !== undefined) this.opts.clock.clearTimer(this.timer);
    const now = this.opts.clock.now();
    const expiry = creds.expiration.getTime();
    const lead = CredentialRefresher.leadMs(expiry - now);
    this.timer = this.opts.clock.setTimer(() => this.refreshInBackground(lead), expiry - lead - now);
  }

  private refreshInBackground(leadMs: number): void {
    this.timer = undefined;
    if (this.stopped) return;
    // ask for more than the held session has left, so the cache hands out a new one
    this.fetch(Math.ceil(leadMs / 1000) + 1).catch((e: unknown) => {
      if (this.stopped) return;
      this.opts.onError(e);
      const left = (this.current?.creds.expiration.getTime() ?? 0) - this.opts.clock.now();
      this.timer = this.opts.clock.setTimer(() => this.refreshInBackground(Math.max(1000, left)), Math.max(1000, Math.min(RETRY_MS, Math.floor(left / 4))));
    });
  }
}
