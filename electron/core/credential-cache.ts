/**
 * In-memory credentials for credential_process and console URLs: handed out while they have the
 * asked-for time left, re-resolved (once, however many callers ask at the same moment) when not.
 * Never written to disk.
 */
import type { SessionCredentials } from './app-core-types';
import type { ResolvedCredentials } from './sts/engine-types';
import type { Clock } from './sessions/clock';

type GetOptions = { minRemainingSeconds: number; promptForMfa: boolean; mfaCode?: string; durationSeconds?: number };
type Resolver = (profile: string, opts: { promptForMfa: boolean; mfaCode?: string; minRemainingSeconds?: number; durationSeconds?: number }) => Promise<ResolvedCredentials>;

export class CredentialCache {
  private entries = new Map<string, SessionCredentials>();
  private inflight = new Map<string, Promise<SessionCredentials>>();

  constructor(
    private readonly clock: Clock,
    private readonly resolve: Resolver,
  ) {}

  /** An asked-for session length is part of the key: `exec --duration 900` is not served a 1 h session. */
  async get(profile: string, opts: GetOptions): Promise<SessionCredentials> {
    const key = opts.durationSeconds === undefined ? profile : `${profile}\u0000${opts.durationSeconds}`;
    const hit = this.entries.get(key);
    if (hit && hit.expiration.getTime() - this.clock.now() >= opts.minRemainingSeconds * 1000) return hit;
    const running = this.inflight.get(key);
    if (running) return running;
    const p = this.resolve(profile, opts)
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
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  forget(profile: string): void {
    for (const key of this.entries.keys()) if (key === profile || key.startsWith(`${profile}\u0000`)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
