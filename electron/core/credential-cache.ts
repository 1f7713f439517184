/**
 * In-memory credentials for credential_process and console URLs: handed out while they have the
 * asked-for time left, re-resolved (once, however many callers ask at the same moment) when not.
 * Never written to disk.
 */
import type { SessionCredentials } from './app-core-types';
import type { ResolvedCredentials } from './sts/engine-types';
import type { Clock } from './sessions/clock';

type Resolver = (profile: string, opts: { promptForMfa: boolean; mfaCode?: string; minRemainingSeconds?: number }) => Promise<ResolvedCredentials>;

export class CredentialCache {
  private entries = new Map<string, SessionCredentials>();
  private inflight = new Map<string, Promise<SessionCredentials>>();

  constructor(
    private readonly clock: Clock,
    private readonly resolve: Resolver,
  ) {}

  async get(profile: string, opts: { minRemainingSeconds: number; promptForMfa: boolean; mfaCode?: string }): Promise<SessionCredentials> {
    const hit = this.entries.get(profile);
    if (hit && hit.expiration.getTime() - this.clock.now() >= opts.minRemainingSeconds * 1000) return hit;
    const running = this.inflight.get(profile);
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
        this.entries.set(profile, creds);
        return creds;
      })
      .finally(() => this.inflight.delete(profile));
    this.inflight.set(profile, p);
    return p;
  }

  forget(profile: string): void {
    this.entries.delete(profile);
  }

  clear(): void {
    this.entries.clear();
  }
}
