/**
 * The credential engine: turns a profile into temporary credentials the way the AWS CLI would, but
 * with the user's MFA code asked for once and reused. Planning is separate from calling STS, so the
 * session manager can tell *before* any network call whether a code is needed (and prompt once).
 *
 * Paths, in order of preference:
 * - role on an MFA source, ≤ 1 h: GetSessionToken once (cached in the keychain, shared by every
 *   role of that source: one code, many roles), then AssumeRole with it (chained, capped at 1 h);
 * - single role on an MFA source asking more than 1 h: AssumeRole directly with the long-term keys
 *   and the code (role chaining would cap it at 1 h);
 * - role on a source without MFA: AssumeRole directly with the long-term keys;
 * - the source profile itself: its MFA session (GetSessionToken), workflow W3;
 * - `credential_source` roles: the SDK's environment / instance / container providers, then AssumeRole.
 */
import { RolecallError } from '../errors';
import { errorTraits } from '../error-traits';
import type { RoleProfile, SourceProfile } from '../profiles/model';
import type { MfaSessionSecret, SecretStore } from '../keychain/secret-store';
import type { AwsCredentials, TemporaryCredentials } from './types';
import type { CredentialKind, ResolvedCredentials, StsCalls } from './engine-types';
import type { ProfileCatalog } from '../profiles/catalog';
import { chainFor, defaultRoleSessionName, sourceLongTermKeys } from './engine-helpers';
import { nearestRegion } from '../profiles/chain';
import { configHeader } from '../../shared/profile-rules';
import type { SsoRoleProfile } from '../sso/config';
import type { SsoDeps } from '../sso/token-provider';
import { resolveSsoRole, ssoPlanFor } from './sso-path';

/** Role chaining is capped at one hour by STS. */
export const CHAIN_CAP_SECONDS = 3600;

export interface EngineSettings {
  /** GetSessionToken duration for MFA sessions (default 12 h). */
  mfaSessionSeconds: number;
  /** Default AssumeRole duration when the profile names none. */
  roleDurationSeconds: number;
  /** An MFA session with less than this left is not reused. */
  mfaSessionMinRemainingSeconds: number;
}

export interface EngineDeps {
  secrets: SecretStore;
  stsFor(region: string | undefined): StsCalls;
  /** Credentials for `credential_source` roles. */
  credentialSource(kind: NonNullable<RoleProfile['credentialSource']>): Promise<AwsCredentials>;
  /**
   * Refuses a code already spent (checked before any call, so a reused code fails at once). The STS
   * caller shares the same guard and marks a code spent as it sends it.
   */
  mfaGuard: { assertUsable(serial: string, code: string): void };
  now(): number;
  settings(): EngineSettings;
  /** Home, environment and clock for IAM Identity Center profiles (their token cache is the AWS CLI's). */
  sso?: SsoDeps;
}

export interface ResolveOptions {
  mfaCode?: string;
  /** Requested duration for the target role (or the MFA session when the target is a source). */
  durationSeconds?: number;
  /** Role session name override (else the profile's, else derived from the user). */
  roleSessionName?: string;
  /**
   * When the target is the source itself (its MFA session is what is handed out), reuse a cached
   * MFA session only if it has this long left: credential_process needs more than 15 minutes.
   */
  minRemainingSeconds?: number;
}

/** What a resolve would do, decided without calling STS. */
export interface Plan {
  profile: string;
  chain: Array<RoleProfile | SourceProfile>;
  /** The MFA device whose code a resolve needs *now* (absent: no code needed). */
  needsCodeFor?: string;
  mfaSerial?: string;
  path: 'source-session' | 'mfa-session-then-role' | 'direct-role-with-mfa' | 'direct-role' | 'credential-source' | 'sso-role';
  notes: string[];
  /** For `sso-role`: the account and role, and the SSO session whose token pays for them (no secret). */
  sso?: SsoRoleProfile;
}

/**
 * A plan together with what it was made from: the catalog (one load per operation) and the MFA
 * session it found in the keychain, so executing it reads neither again. The session is a secret and
 * sits in a private field: a `Planned` can be logged or serialised without it (`plan` is secret-free).
 */
export class Planned {
  readonly #mfaSession: MfaSessionSecret | undefined;

  constructor(
    readonly catalog: ProfileCatalog,
    readonly plan: Plan,
    readonly opts: Pick<ResolveOptions, 'durationSeconds' | 'minRemainingSeconds'>,
    mfaSession?: MfaSessionSecret,
  ) {
    this.#mfaSession = mfaSession;
  }

  /** The MFA device whose code executing this plan needs (absent: none). */
  get needsCodeFor(): string | undefined {
    return this.plan.needsCodeFor;
  }

  /** The cached MFA session the plan will use (engine only). */
  cachedMfaSession(): MfaSessionSecret | undefined {
    return this.#mfaSession;
  }

  toJSON(): Plan {
    return this.plan;
  }
}

export class CredentialEngine {
  constructor(private readonly deps: EngineDeps) {}

  /** Decides the path and whether a code is needed, reading only the keychain's MFA session cache. */
  async plan(catalog: ProfileCatalog, profileName: string, opts: Pick<ResolveOptions, 'durationSeconds' | 'minRemainingSeconds'> = {}): Promise<Planned> {
    const [plan, cached] = await this.decide(catalog, profileName, opts);
    return new Planned(catalog, plan, { ...(opts.durationSeconds !== undefined ? { durationSeconds: opts.durationSeconds } : {}), ...(opts.minRemainingSeconds !== undefined ? { minRemainingSeconds: opts.minRemainingSeconds } : {}) }, cached);
  }

  private async decide(catalog: ProfileCatalog, profileName: string, opts: Pick<ResolveOptions, 'durationSeconds' | 'minRemainingSeconds'>): Promise<[Plan, MfaSessionSecret | undefined]> {
    const sso = ssoPlanFor(catalog, profileName);
    if (sso) return [{ profile: profileName, chain: [], path: 'sso-role', sso, notes: [] }, undefined];
    const chain = chainFor(catalog, profileName);
    const base = chain[chain.length - 1]!;
    const roles = chain.filter((p): p is RoleProfile => p.kind === 'role');
    const notes: string[] = [];
    if (base.kind === 'role') {
      // credential_source: no long-term keys; an MFA code goes straight into AssumeRole.
      const serial = roles.find((r) => r.mfaSerial)?.mfaSerial;
      return [{ profile: profileName, chain, path: 'credential-source', notes, ...(serial ? { mfaSerial: serial, needsCodeFor: serial } : {}) }, undefined];
    }
    const firstRole = roles[roles.length - 1];
    // The device of the first hop, else the source's own, else any further hop's: one MFA session
    // (GetSessionToken) then vouches for every hop of the chain.
    const serial = firstRole?.mfaSerial ?? base.mfaSerial ?? roles.find((r) => r.mfaSerial)?.mfaSerial;
    const settings = this.deps.settings();
    if (!firstRole) {
      if (!serial) return [{ profile: profileName, chain, path: 'source-session', notes }, undefined];
      const cached = await this.usableMfaSession(base.name, serial, opts.minRemainingSeconds);
      return [{ profile: profileName, chain, path: 'source-session', mfaSerial: serial, notes, ...(cached ? {} : { needsCodeFor: serial }) }, cached];
    }
    const wanted = opts.durationSeconds ?? firstRole.durationSeconds ?? settings.roleDurationSeconds;
    if (!serial) return [{ profile: profileName, chain, path: 'direct-role', notes }, undefined];
    if (roles.length === 1 && wanted > CHAIN_CAP_SECONDS) {
      notes.push(`Assumed directly with your MFA code for a ${formatHours(wanted)} session; each refresh will ask for a new code.`);
      return [{ profile: profileName, chain, path: 'direct-role-with-mfa', mfaSerial: serial, needsCodeFor: serial, notes }, undefined];
    }
    const cached = await this.usableMfaSession(base.name, serial);
    return [{ profile: profileName, chain, path: 'mfa-session-then-role', mfaSerial: serial, notes, ...(cached ? {} : { needsCodeFor: serial }) }, cached];
  }

  /**
   * Produces credentials by executing `planned` (no second plan, no second catalog load). A code is
   * used when the plan needs one, or when AWS refused the cached MFA session it found (the caller
   * then asked the user); without one where needed: MfaRequired.
   */
  async execute(planned: Planned, opts: Pick<ResolveOptions, 'mfaCode' | 'roleSessionName'> = {}): Promise<ResolvedCredentials> {
    const { plan, catalog } = planned;
    if (plan.needsCodeFor && !opts.mfaCode) {
      throw new RolecallError('MfaRequired', `MFA code required for ${plan.needsCodeFor}`, {
        action: 'Enter the current 6-digit code from your MFA device.',
        details: { mfaSerial: plan.needsCodeFor, profile: plan.profile },
      });
    }
    const serial = plan.needsCodeFor ?? plan.mfaSerial;
    const code = serial !== undefined ? opts.mfaCode : undefined;
    if (code !== undefined && serial !== undefined) this.deps.mfaGuard.assertUsable(serial, code);
    return this.run(catalog, plan, { ...planned.opts, ...opts }, code, code === undefined ? planned.cachedMfaSession() : undefined);
  }

  private async run(catalog: ProfileCatalog, plan: Plan, opts: ResolveOptions, code: string | undefined, known: MfaSessionSecret | undefined): Promise<ResolvedCredentials> {
    if (plan.path === 'sso-role') return resolveSsoRole({ sso: this.deps.sso, stsFor: (r) => this.deps.stsFor(r) }, plan.profile, plan.sso!, catalog.profiles.find((p) => p.name === plan.profile)?.region);
    const chain = plan.chain;
    const base = chain[chain.length - 1]!;
    const roles = chain.filter((p): p is RoleProfile => p.kind === 'role').reverse(); // first hop first
    const target = chain[0]!;
    const settings = this.deps.settings();
    const notes = [...plan.notes];
    let creds: AwsCredentials;
    let kind: CredentialKind = 'assumed-role-direct';
    let mfaPresent = false;
    const hops = roles;
    let cachedMfaSession = false;

    if (plan.path === 'credential-source') {
      const first = roles[0]!;
      creds = await this.deps.credentialSource(first.credentialSource!);
    } else {
      const source = base as SourceProfile;
      // long-term keys leave the keychain only when a call needs them (not while an MFA session serves)
      const longTerm = () => sourceLongTermKeys(catalog, source, this.deps.secrets);
      if (plan.path === 'source-session' || plan.path === 'mfa-session-then-role') {
        cachedMfaSession = plan.mfaSerial !== undefined && code === undefined;
        creds = known ? fromMfaSecret(known) : await this.sourceSession(source, plan.mfaSerial, longTerm, code, source === target ? opts.durationSeconds : undefined);
        kind = 'session-token';
        mfaPresent = plan.mfaSerial !== undefined;
      } else {
        creds = await longTerm();
      }
    }

    let identityArn: string | undefined;
    let region = target.region;
    for (const [i, role] of hops.entries()) {
      const chained = creds.sessionToken !== undefined;
      const isTarget = i === hops.length - 1;
      let duration = isTarget ? (opts.durationSeconds ?? role.durationSeconds ?? settings.roleDurationSeconds) : (role.durationSeconds ?? CHAIN_CAP_SECONDS);
      if (chained && duration > CHAIN_CAP_SECONDS) {
        if (isTarget) notes.push(`${role.name} is assumed with temporary credentials (role chaining), so STS caps it at 1 hour instead of ${formatHours(duration)}.`);
        duration = CHAIN_CAP_SECONDS;
      }
      // Direct paths carry the code in the first AssumeRole (the device may be named on the source).
      const hopSerial = i === 0 && (plan.path === 'direct-role-with-mfa' || plan.path === 'credential-source') ? (plan.mfaSerial ?? role.mfaSerial) : role.mfaSerial;
      const sendCode = !mfaPresent && hopSerial !== undefined && code !== undefined;
      const sts = this.deps.stsFor(role.region ?? region);
      const sessionName = (isTarget ? opts.roleSessionName : undefined) ?? role.roleSessionName ?? defaultRoleSessionName();
      const out = await sts
        .assumeRole(creds, {
          roleArn: role.roleArn,
          roleSessionName: sessionName,
          durationSeconds: duration,
          ...(role.externalId ? { externalId: role.externalId } : {}),
          ...(sendCode ? { serialNumber: hopSerial!, tokenCode: code! } : {}),
        })
        .catch(async (e: unknown) => {
          if (i === 0 && cachedMfaSession) await this.dropRejectedMfaSession(e, base.name, plan);
          throw e;
        });
      if (sendCode) mfaPresent = true;
      kind = chained ? 'assumed-role-chained' : 'assumed-role-direct';
      creds = out;
      identityArn = out.assumedRoleArn;
      region = role.region ?? region;
    }
    // The role's region, else the nearest one down the chain (aws-vault's `[profile dev] region`):
    // the region a target written with these credentials needs to work without extra environment.
    region ??= nearestRegion(chain);
    if (region === undefined) notes.push(`No profile from ${target.name} down to ${base.name} sets a region, so none is written with the session: the AWS CLI will ask for --region (or set region = … in ${configHeader(base.name)} of the config file).`);
    const temp = creds as TemporaryCredentials;
    const identity = await this.deps
      .stsFor(region)
      .getCallerIdentity(temp)
      .catch(async (e: unknown) => {
        // W3: the target is the source itself, so its cached MFA session is what AWS just refused
        if (hops.length === 0 && cachedMfaSession) await this.dropRejectedMfaSession(e, base.name, plan);
        throw e;
      });
    return {
      profile: plan.profile,
      credentials: temp,
      identityArn: identity.arn ?? identityArn ?? '',
      account: identity.account,
      kind,
      sourceProfile: base.name,
      ...(plan.mfaSerial ? { mfaSerial: plan.mfaSerial } : {}),
      refreshableWithoutCode: refreshableWithoutCode(plan),
      notes,
      ...(region ? { region } : {}),
    };
  }

  /**
   * The source's session: with an MFA device, the cached MFA session while it lasts, else a new
   * GetSessionToken with the code (then cached: one code, many roles). Without one, a plain
   * GetSessionToken, so long-term keys never land in the credentials file.
   */
  private async sourceSession(source: SourceProfile, serial: string | undefined, loadLongTerm: () => Promise<AwsCredentials>, code: string | undefined, durationSeconds: number | undefined): Promise<TemporaryCredentials> {
    // with a code in hand the plan found no usable session: make a new one rather than re-check
    const cached = serial && code === undefined ? await this.usableMfaSession(source.name, serial) : undefined;
    if (cached) return fromMfaSecret(cached);
    const longTerm = await loadLongTerm();
    if (longTerm.sessionToken) {
      throw new RolecallError('ProfileInvalid', `The source profile "${source.name}" holds temporary credentials; an MFA session needs the IAM user's long-term keys.`, {
        action: 'Add the long-term access key to the keychain with "rolecall add".',
      });
    }
    const fresh = await this.deps.stsFor(source.region).getSessionToken(longTerm, {
      ...(serial ? { serialNumber: serial, tokenCode: code! } : {}),
      durationSeconds: durationSeconds ?? source.durationSeconds ?? this.deps.settings().mfaSessionSeconds,
    });
    if (!serial) return fresh;
    const record: MfaSessionSecret = {
      accessKeyId: fresh.accessKeyId,
      secretAccessKey: fresh.secretAccessKey,
      sessionToken: fresh.sessionToken,
      expiration: fresh.expiration.toISOString(),
      sourceProfile: source.name,
      mfaSerial: serial,
    };
    await this.deps.secrets.setMfaSession(source.name, record);
    return fresh;
  }

  /**
   * AWS refused the cached MFA session itself (expired early, revoked, key deactivated): forget it and
   * ask for a new code, instead of failing the same way on every switch until it times out.
   */
  private async dropRejectedMfaSession(e: unknown, sourceProfile: string, plan: Plan): Promise<void> {
    if (!(e instanceof RolecallError) || !errorTraits(e.code).dropsMfaSession) return;
    await this.deps.secrets.deleteMfaSession(sourceProfile);
    throw new RolecallError('MfaRequired', `MFA code required for ${plan.mfaSerial}: AWS no longer accepts the MFA session Rolecall had cached.`, {
      action: 'Enter the current 6-digit code from your MFA device.',
      details: { mfaSerial: plan.mfaSerial!, profile: plan.profile },
    });
  }

  private async usableMfaSession(sourceProfile: string, serial: string, minRemainingSeconds = 0): Promise<MfaSessionSecret | undefined> {
    const cached = await this.deps.secrets.getMfaSession(sourceProfile);
    if (!cached || cached.mfaSerial !== serial) return undefined;
    const left = Date.parse(cached.expiration) - this.deps.now();
    return left > Math.max(this.deps.settings().mfaSessionMinRemainingSeconds, minRemainingSeconds) * 1000 ? cached : undefined;
  }
}

function fromMfaSecret(s: MfaSessionSecret): TemporaryCredentials {
  return { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey, sessionToken: s.sessionToken, expiration: new Date(s.expiration) };
}

/** Whether a refresh can run with no one at the keyboard (so the scheduler refreshes silently). */
function refreshableWithoutCode(plan: Plan): boolean {
  switch (plan.path) {
    case 'mfa-session-then-role':
    case 'direct-role':
    case 'sso-role':
      return true;
    case 'source-session':
    case 'credential-source':
      return plan.mfaSerial === undefined;
    case 'direct-role-with-mfa':
      return false;
  }
}

function formatHours(seconds: number): string {
  const h = seconds / 3600;
  return Number.isInteger(h) ? `${h} h` : `${Math.round(seconds / 60)} min`;
}
