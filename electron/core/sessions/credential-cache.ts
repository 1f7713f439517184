/**
 * In-memory credentials for credential_process and console URLs: handed out while they have the
 * asked-for time left, re-resolved (once, however many callers ask at the same moment) when not.
 * Never written to disk. Callers sharing one resolve each bring their own signal: the shared
 * resolve (with its MFA prompt) is aborted only when every caller waiting on it has gone.
 */
import type { SessionCredentials } from '../facade/app-core-types';
import type { ResolvedCredentials } from '../sts/engine-types';
import type { Clock } from './clock';
import type { DetachedOptions } from './manager';

type Resolver = (profile: string, opts: DetachedOptions) => Promise<ResolvedCredentials>;

type GetOptions = Omit<DetachedOptions, 'minRemainingSeconds'> & { minRemainingSeconds: number };

interface Inflight {
  /** The profile, with the asked-for duration when there is one. */
  key: string;
  promise: Promise<SessionCredentials>;
  /** Aborted when `waiting` drops to zero. */
  controller: AbortController;
  /** Callers still waiting; one without a signal never leaves. */
  waiting: number;
}

export class CredentialCache {
  private entries = new Map<string, SessionCredentials>();
  private inflight = new Map<string, Inflight>();

  constructor(
    private readonly clock: Clock,
    private readonly resolve: Resolver,
  ) {}

  /** An asked-for session length is part of the key: `exec --duration 900` is not served a 1 h session. */
  async get(profile: string, opts: GetOptions): Promise<SessionCredentials> {
    const key = opts.durationSeconds === undefined ? profile : `${profile}\u0000${opts.durationSeconds}`;
    const hit = this.entries.get(key);
    if (hit && hit.expiration.getTime() - this.clock.now() >= opts.minRemainingSeconds * 1000) return hit;
    const flight = this.inflight.get(key) ?? this.start(key, profile, opts);
    return this.join(flight, opts.prompt?.signal);
  }

  forget(profile: string): void {
    for (const key of this.entries.keys()) if (key === profile || key.startsWith(`${profile}\u0000`)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  private start(key: string, profile: string, opts: GetOptions): Inflight {
    const controller = new AbortController();
    const prompt = opts.prompt ? { ...opts.prompt, signal: controller.signal } : { signal: controller.signal };
    const promise = this.resolve(profile, { ...opts, prompt })
      .then((r) => {
        const creds: SessionCredentials = {
          accessKeyId: r.credentials.accessKeyId,
          secretAccessKey: r.credentials.secretAccessKey,
          sessionToken: r.credentials.sessionToken,
          expiration: r.credentials.expiration,
          kind: r.kind,
          identityArn: r.identityArn,
          ...(r.region ? { region: r.region } : {}),
        };
        this.entries.set(key, creds);
        return creds;
      })
      .finally(() => {
        if (this.inflight.get(key) === flight) this.inflight.delete(key);
      });
    const flight: Inflight = { key, promise, controller, waiting: 0 };
    this.inflight.set(key, flight);
    return flight;
  }

  /**
   * Waits on `flight`; when `signal` aborts the caller stops counting, and the last caller to leave
   * aborts the shared resolve (its MFA wait then ends with MfaRequired). A resolve that needs no
   * prompt just finishes: its answer still reaches a caller that only half-closed its socket.
   */
  private join(flight: Inflight, signal: AbortSignal | undefined): Promise<SessionCredentials> {
    flight.waiting++;
    if (!signal) return flight.promise;
    const onAbort = (): void => {
      if (--flight.waiting > 0) return;
      // nobody waits any more: a later caller starts afresh instead of joining a doomed resolve
      if (this.inflight.get(flight.key) === flight) this.inflight.delete(flight.key);
      flight.controller.abort();
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    const detach = (): void => signal.removeEventListener('abort', onAbort);
    flight.promise.then(detach, detach);
    return flight.promise;
  }
}
