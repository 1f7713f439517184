/**
 * The settings of a source profile and where each one came from. aws-vault users keep the keys in
 * the keychain and `[profile dev]` (with `mfa_serial`, `region`, `duration_seconds`) in the config
 * file; the AWS CLI reads that section, so Rolecall does too: a shared file's value wins over the
 * keychain item's metadata, and a disagreement between them is reported instead of resolved
 * silently. Both files merge as botocore merges them (the credentials file's keys win).
 */
import { isValidMfaSerial } from './arn';
import type { ProfileSettings, SettingOrigin, SourceProfile, SourceSettingOrigins } from './model';

/** GetSessionToken accepts 15 minutes to 36 hours for an IAM user's MFA session. */
export const MIN_SESSION_DURATION = 900;
export const MAX_SESSION_DURATION = 129_600;

export interface SourceSettings {
  region?: string;
  mfaSerial?: string;
  durationSeconds?: number;
  origins: SourceSettingOrigins;
  notices: string[];
  errors: string[];
}

interface Found {
  value: string;
  origin: SettingOrigin;
}

function pick(key: string, config: ProfileSettings, credentials: ProfileSettings): Found | undefined {
  const fromCredentials = credentials[key]?.trim();
  if (fromCredentials) return { value: fromCredentials, origin: 'credentials-file' };
  const fromConfig = config[key]?.trim();
  if (fromConfig) return { value: fromConfig, origin: 'config-file' };
  return undefined;
}

/**
 * Reads `region`, `mfa_serial` and `duration_seconds` for source `name` from its sections in the
 * two files, falling back to the keychain's MFA device. `config`/`credentials` have lower-cased keys.
 */
export function readSourceSettings(name: string, config: ProfileSettings, credentials: ProfileSettings, keychainMfaSerial?: string): SourceSettings {
  const out: SourceSettings = { origins: {}, notices: [], errors: [] };
  const region = pick('region', config, credentials);
  if (region) {
    out.region = region.value;
    out.origins.region = region.origin;
  }
  const mfa = pick('mfa_serial', config, credentials);
  if (mfa) {
    out.mfaSerial = mfa.value;
    out.origins.mfaSerial = mfa.origin;
    if (keychainMfaSerial !== undefined && keychainMfaSerial !== mfa.value) {
      const file = mfa.origin === 'config-file' ? 'config file' : 'credentials file';
      out.notices.push(`The keychain stores the MFA device ${keychainMfaSerial} for "${name}", but the ${file} sets mfa_serial = ${mfa.value}; Rolecall uses the file's, as the AWS CLI does.`);
    }
  } else if (keychainMfaSerial !== undefined) {
    out.mfaSerial = keychainMfaSerial;
    out.origins.mfaSerial = 'keychain';
  }
  const bad = mfaSerialError(name, out.mfaSerial);
  if (bad) out.errors.push(bad);
  const duration = pick('duration_seconds', config, credentials);
  if (duration) {
    const n = /^\d{1,6}$/.test(duration.value) ? Number(duration.value) : NaN;
    if (n >= MIN_SESSION_DURATION && n <= MAX_SESSION_DURATION) {
      out.durationSeconds = n;
      out.origins.durationSeconds = duration.origin;
    } else {
      out.errors.push(`The duration_seconds "${duration.value}" in profile "${name}" must be a whole number of seconds from ${MIN_SESSION_DURATION} to ${MAX_SESSION_DURATION} (the MFA session length).`);
    }
  }
  return out;
}

/** The message for an `mfa_serial` that is neither a device ARN nor a hardware serial (undefined when fine). */
export function mfaSerialError(name: string, serial: string | undefined): string | undefined {
  if (serial === undefined || isValidMfaSerial(serial)) return undefined;
  return `The mfa_serial "${serial}" in profile "${name}" is neither an MFA device ARN (arn:aws:iam::123456789012:mfa/NAME) nor a hardware token serial number.`;
}

/** Copies the settings onto a source being built (fields set one by one: no `key: undefined`). */
export function applySourceSettings(source: SourceProfile, s: SourceSettings): string[] {
  if (s.region !== undefined) source.region = s.region;
  if (s.mfaSerial !== undefined) source.mfaSerial = s.mfaSerial;
  if (s.durationSeconds !== undefined) source.durationSeconds = s.durationSeconds;
  if (Object.keys(s.origins).length > 0) source.settingOrigins = s.origins;
  if (s.notices.length > 0) source.notices = s.notices;
  return s.errors;
}
