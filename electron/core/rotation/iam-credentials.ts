/**
 * What signs the IAM calls of a rotation. Policies commonly deny IAM without
 * `aws:MultiFactorAuthPresent`, which is where aws-vault's rotate fails for its users: when the
 * source has an mfa_serial we use its MFA session (the one in the keychain while it has 5 minutes
 * left, else a fresh GetSessionToken with a code), otherwise the long-term keys themselves.
 */
import { RolecallError } from '../errors';
import type { MfaSessionSecret, SecretStore, SourceSecret } from '../keychain/secret-store';
import type { AwsCredentials, TemporaryCredentials } from '../sts/types';

export interface IamSigner {
  creds: AwsCredentials;
  withMfa: boolean;
}

export interface IamCredentialDeps {
  secrets: Pick<SecretStore, 'getMfaSession'>;
  getSessionToken(keys: AwsCredentials, mfa: { serialNumber: string; tokenCode: string }): Promise<TemporaryCredentials>;
  now(): number;
}

const MIN_REMAINING_MS = 5 * 60_000;

/** A cached MFA session for `serial` with more than 5 minutes left: good enough to sign a rotation's IAM calls. */
export function isUsableMfaSession(s: MfaSessionSecret | undefined, serial: string, now: number): s is MfaSessionSecret {
  return s !== undefined && s.mfaSerial === serial && Date.parse(s.expiration) - now > MIN_REMAINING_MS;
}

/**
 * The signer for `source`. `askCode` is called only when a fresh MFA session is needed; `undefined`
 * there (nobody to ask: app start-up) makes this throw MfaRequired.
 */
export async function iamSigner(
  deps: IamCredentialDeps,
  source: string,
  keys: SourceSecret,
  mfaSerial: string | undefined,
  askCode: (() => Promise<string>) | undefined,
  opts: { fresh?: boolean } = {},
): Promise<IamSigner> {
  const longTerm = { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey };
  if (!mfaSerial) return { creds: longTerm, withMfa: false };
  const cached = opts.fresh ? undefined : await deps.secrets.getMfaSession(source).catch(() => undefined);
  if (isUsableMfaSession(cached, mfaSerial, deps.now())) {
    return { creds: { accessKeyId: cached.accessKeyId, secretAccessKey: cached.secretAccessKey, sessionToken: cached.sessionToken }, withMfa: true };
  }
  if (!askCode) {
    throw new RolecallError('MfaRequired', `The IAM calls for "${source}" need an MFA code (${mfaSerial}).`, {
      action: `Run "rolecall rotate ${source}" to enter one.`,
      details: { mfaSerial },
    });
  }
  const session = await deps.getSessionToken(longTerm, { serialNumber: mfaSerial, tokenCode: await askCode() });
  return { creds: session, withMfa: true };
}
