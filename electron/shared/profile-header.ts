/**
 * The header a profile has in the AWS config file: `[default]` for the default profile, else
 * `[profile NAME]` (the credentials file uses `[NAME]`). The one place this rule is spelled, shared
 * by the writer, error messages, doctor and the renderer. Whether botocore reads a header back as
 * NAME (no spaces or quotes in it) is checked in electron/core/aws-files/profile-map.ts.
 */

/** The section name (between the brackets) of `profile` in the config file. */
export function configSectionName(profile: string): string {
  return profile === 'default' ? 'default' : `profile ${profile}`;
}

/** `[default]` or `[profile NAME]`, as messages show it. */
export function configHeader(profile: string): string {
  return `[${configSectionName(profile)}]`;
}
