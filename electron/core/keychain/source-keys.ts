/**
 * Shape checks for long-term AWS keys before they go into the keychain, so a mistyped or swapped
 * paste fails at once with a message naming the field, instead of later as an opaque STS error.
 * Messages never repeat what was entered: the secret must not reach a terminal or a log, and the
 * key id only by its prefix.
 */
import { RolecallError } from '../errors';

const ACCESS_KEY_ID = /^(AKIA|ASIA)[A-Z0-9]{16}$/;
const SECRET_ACCESS_KEY = /^[A-Za-z0-9/+]{40}$/;

function invalid(message: string, action: string): RolecallError {
  return new RolecallError('InvalidInput', message, { action });
}

/**
 * Checks an access key id (`AKIA…` long-term or `ASIA…` temporary, 20 characters) and returns it
 * without surrounding whitespace.
 */
export function validateAccessKeyId(id: string): string {
  const v = id.trim();
  if (ACCESS_KEY_ID.test(v)) return v;
  const action = 'Copy the access key ID from the IAM console or the key’s .csv file (it looks like AKIA followed by 16 letters and digits).';
  if (v.length === 0) throw invalid('The access key ID is empty.', action);
  if (SECRET_ACCESS_KEY.test(v)) {
    throw invalid('The access key ID looks like a secret access key.', 'Enter the access key ID first and the secret access key second.');
  }
  if (!/^(AKIA|ASIA)/.test(v)) throw invalid('The access key ID must start with AKIA (or ASIA for temporary keys).', action);
  if (v.length !== 20) throw invalid(`The access key ID must be 20 characters long, not ${v.length}.`, action);
  throw invalid('The access key ID may contain only uppercase letters and digits.', action);
}

/** Checks a secret access key (40 characters of letters, digits, `/` and `+`) and returns it trimmed. */
export function validateSecretAccessKey(secret: string): string {
  const v = secret.trim();
  if (SECRET_ACCESS_KEY.test(v)) return v;
  const action = 'Copy the secret access key again from the key’s .csv file; AWS shows it only once, so create a new key if it is lost.';
  if (v.length === 0) throw invalid('The secret access key is empty.', action);
  if (ACCESS_KEY_ID.test(v)) {
    throw invalid('The secret access key looks like an access key ID.', 'Enter the access key ID first and the secret access key second.');
  }
  if (v.length !== 40) throw invalid(`The secret access key must be 40 characters long, not ${v.length}.`, action);
  throw invalid('The secret access key may contain only letters, digits, "/" and "+".', action);
}
