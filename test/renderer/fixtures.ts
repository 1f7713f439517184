/** Profiles and sessions shaped like the real listing, for the renderer tests. */
import type { ActiveSession, Profile, RoleProfile, Settings } from '../../renderer/src/contract';

export function role(name: string, accountId: string, extra: Partial<RoleProfile> = {}): RoleProfile {
  return {
    kind: 'role',
    name,
    roleArn: `arn:aws:iam::${accountId}:role/${name}-role`,
    accountId,
    roleName: `${name}-role`,
    partition: 'aws',
    sourceProfile: 'dev',
    chain: [name, 'dev'],
    ...extra,
  };
}

export const sampleProfiles: Profile[] = [
  { kind: 'source', name: 'dev', origin: 'keychain', accessKeyId: 'AKIAEXAMPLEDEV00001', mfaSerial: 'arn:aws:iam::111122223333:mfa/alice' },
  { kind: 'source', name: 'legacy', origin: 'credentials-file', accessKeyId: 'AKIAEXAMPLELEGACY01' },
  role('admin', '111122223333', { mfaSerial: 'arn:aws:iam::111122223333:mfa/alice', region: 'eu-west-1' }),
  role('readonly', '111122223333'),
  role('prod-deploy', '444455556666', { region: 'us-east-1' }),
  role('broken', '444455556666', { error: 'source_profile "nope" does not exist.' }),
  { kind: 'other', name: 'sso-dev', reason: 'sso' },
];

export function session(profile: string, target: string, expiresAt: string, extra: Partial<ActiveSession> = {}): ActiveSession {
  return {
    profile,
    target,
    identityArn: `arn:aws:sts::444455556666:assumed-role/${profile}-role/rolecall`,
    account: '444455556666',
    expiresAt,
    sourceProfile: 'dev',
    kind: 'assumed-role-direct',
    refreshableWithoutCode: true,
    heldBy: 'app',
    elevated: false,
    status: 'active',
    notes: [],
    ...extra,
  };
}

/** Settings as main returns them (its defaults), with `extra` on top. */
export function settings(extra: Partial<Settings> = {}): Settings {
  return {
    defaultTarget: 'default',
    roleTargets: {},
    leadTimeSeconds: 300,
    removeExpired: true,
    signOutAtQuit: false,
    sessionDurationSeconds: 43_200,
    roleDurationSeconds: 3600,
    notifications: true,
    startAtLogin: false,
    keyMaxAgeDays: 90,
    elevatedProfiles: [],
    baselines: {},
    ...extra,
  };
}
