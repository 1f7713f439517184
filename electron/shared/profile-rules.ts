/**
 * The rules about profiles that more than one part of Rolecall must agree on, in one place: the
 * writer, the target check, doctor, the CLI and the renderer all import them from here (this file
 * is plain TypeScript: no Node built-ins, so the renderer can use it too).
 *
 * Whether botocore reads a header back as NAME (no spaces or quotes in it) is checked in
 * electron/core/aws-files/profile-map.ts, a transcription of botocore's parser.
 */

/** The section name (between the brackets) of `profile` in the config file: `default`, else `profile NAME`. */
export function configSectionName(profile: string): string {
  return profile === 'default' ? 'default' : `profile ${profile}`;
}

/** `[default]` or `[profile NAME]`, as messages show it (the credentials file uses `[NAME]`). */
export function configHeader(profile: string): string {
  return `[${configSectionName(profile)}]`;
}

/**
 * Config keys that make botocore ignore a profile's static keys in the credentials file: a target
 * profile with one of these would never use the session Rolecall writes there ("shadowing").
 */
export const SHADOWING_KEY = /^(role_arn|credential_process|web_identity_token_file|sso_.+)$/i;

/** The first key of `keys` that shadows static credentials, if any. */
export function shadowingKeyIn(keys: Iterable<string>): string | undefined {
  for (const k of keys) if (SHADOWING_KEY.test(k)) return k;
  return undefined;
}

/** Keys that give a profile credentials of its own, in the order botocore's chain tries them. */
export const CREDENTIAL_KEYS: readonly RegExp[] = [
  /^role_arn$/,
  /^source_profile$/,
  /^credential_source$/,
  /^web_identity_token_file$/,
  /^sso_.+$/,
  /^aws_access_key_id$/,
  /^aws_secret_access_key$/,
  /^aws_session_token$/,
  /^aws_security_token$/,
  /^credential_process$/,
];

/** Whether `key` gives a profile credentials of its own. */
export function isCredentialKey(key: string): boolean {
  return CREDENTIAL_KEYS.some((re) => re.test(key));
}

/** A target profile name Rolecall writes a section for: no brackets or line breaks, no surrounding spaces. */
export function isUsableTargetName(name: string): boolean {
  return /^[^\][\r\n]+$/.test(name) && name.trim() === name;
}

/** The shape of a TOTP code from an MFA device: exactly six digits. */
export const MFA_CODE = /^\d{6}$/;

export function isMfaCode(code: string): boolean {
  return MFA_CODE.test(code);
}
