/**
 * The profile model: what Rolecall understands of `~/.aws/config`, `~/.aws/credentials` and the
 * keychain. Plain data so it can be listed, serialised over IPC (no secrets in it) and tested.
 */

/** Where a source profile's long-term keys live. `config-file` keys work for botocore too, so we list them. */
export type SourceOrigin = 'keychain' | 'credentials-file' | 'config-file';

/** The plaintext files a source's static keys can sit in (what an import/scrub has to clean). */
export type PlaintextFile = 'credentials-file' | 'config-file';

/** The three credential sources botocore accepts for `credential_source` (case-insensitive there). */
export type CredentialSourceKind = 'Environment' | 'Ec2InstanceMetadata' | 'EcsContainer';

/** AWS partitions Rolecall can drive (STS endpoints and console hosts differ per partition). */
export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

interface ProfileBase {
  name: string;
  region?: string;
  /** Validation problem that makes this profile unusable; the profile is still listed. */
  error?: string;
}

/** Where a source's setting came from: a shared file's section, or the keychain item's metadata. */
export type SettingOrigin = 'config-file' | 'credentials-file' | 'keychain';

/** The settings of a source whose origin the UI and `rolecall list --json` show next to the value. */
export interface SourceSettingOrigins {
  mfaSerial?: SettingOrigin;
  region?: SettingOrigin;
  durationSeconds?: SettingOrigin;
}

/** A profile holding long-term (or static) keys: the start of every chain. */
export interface SourceProfile extends ProfileBase {
  kind: 'source';
  origin: SourceOrigin;
  /** Access key id is not secret on its own and helps people recognise a key; the secret never is here. */
  accessKeyId?: string;
  mfaSerial?: string;
  /**
   * `duration_seconds` of the source's own profile (aws-vault's layout): the length of its MFA
   * session (GetSessionToken), instead of the app-wide setting.
   */
  durationSeconds?: number;
  /** Where `mfaSerial`, `region` and `durationSeconds` came from (only for those that are set). */
  settingOrigins?: SourceSettingOrigins;
  /**
   * Disagreements resolved silently no more: e.g. the keychain's MFA device differs from the config
   * file's `mfa_serial`, which wins (as the AWS CLI would use it).
   */
  notices?: string[];
  /**
   * Files that still hold static keys under this name although the keychain has them (origin
   * `keychain`): the UI offers to scrub them. Absent when there is no plaintext copy.
   */
  plaintextCopies?: PlaintextFile[];
  /**
   * True when the keys come with a session token (hand-pasted temporary credentials, as in W3's
   * `[mfa]`): STS refuses GetSessionToken with them and roles assumed from them are chained (1 h cap).
   */
  temporary?: boolean;
}

/** A profile with `role_arn`: assumed from a source profile or a `credential_source`. */
export interface RoleProfile extends ProfileBase {
  kind: 'role';
  roleArn: string;
  sourceProfile?: string;
  credentialSource?: CredentialSourceKind;
  mfaSerial?: string;
  externalId?: string;
  roleSessionName?: string;
  durationSeconds?: number;
  /** Account id, role name and partition parsed from `roleArn` (absent when the ARN is malformed). */
  accountId?: string;
  roleName?: string;
  partition?: Partition;
  /** Names from this profile down to its source, e.g. `['admin', 'dev']`; empty when unresolvable. */
  chain: string[];
  /**
   * Static keys held under this role profile's own name (file or keychain). botocore uses them when
   * the profile names itself as `source_profile`, and when another role uses it as its source (static
   * keys beat `role_arn` there), so a chain can end in them.
   */
  ownSource?: SourceProfile;
}

/** Why a profile is neither a source nor a role Rolecall can drive. */
export type OtherReason = 'sso' | 'credential_process' | 'managed' | 'settings-only' | 'web_identity';

/** Any other profile we see (sso, credential_process, region-only, Rolecall-managed targets). */
export interface OtherProfile extends ProfileBase {
  kind: 'other';
  reason: OtherReason;
}

export type Profile = SourceProfile | RoleProfile | OtherProfile;

/** One parsed profile section as key → value, as the AWS SDK's own loader returns it. */
export type ProfileSettings = Record<string, string | undefined>;

/**
 * Something in a file that the AWS CLI (botocore) reads differently from the JS SDK, or refuses:
 * not fatal for Rolecall, which reads like the JS SDK, but worth showing (e.g. in `rolecall doctor`).
 */
export interface FileWarning {
  file: string;
  /** 1-based line of the offending text. */
  line: number;
  message: string;
}

/**
 * Both shared files, parsed. Names are profile names (`profile ` prefix already removed for config);
 * keys are lower-cased like botocore does. `[sso-session x]` and `[services x]` sections of the config
 * file are kept apart so they can never be mistaken for profiles.
 */
export interface ParsedSharedFiles {
  configFile: Record<string, ProfileSettings>;
  credentialsFile: Record<string, ProfileSettings>;
  ssoSessions?: Record<string, ProfileSettings>;
  services?: Record<string, ProfileSettings>;
  warnings?: FileWarning[];
}

/** A keychain source as the catalogue knows it: never the secret. */
export interface KeychainSourceInfo {
  name: string;
  accessKeyId: string;
  mfaSerial?: string;
}

/** What `buildProfiles` needs beyond the files. */
export interface BuildExtras {
  keychainSources: KeychainSourceInfo[];
  /** Sections Rolecall writes session credentials to: outputs, never sources. */
  managedSections: Set<string>;
}
