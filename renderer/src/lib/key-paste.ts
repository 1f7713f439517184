/**
 * Paste-friendly key entry: people paste an access key from the IAM console's CSV download, from a
 * credentials-file snippet, or as "AKIA… secret" on one line. This finds both halves in such text
 * so one paste fills both fields. Pure, and it never logs what it reads.
 */

export interface PastedKeys {
  accessKeyId?: string;
  secretAccessKey?: string;
}

const KEY_ID = /\b((?:AKIA|ASIA)[A-Z0-9]{12,124})\b/;
// AWS secrets are 40 characters of base64 alphabet; allow a little more for other partitions
const SECRET = /^[A-Za-z0-9/+=]{30,128}$/;

export function parseKeyPaste(text: string): PastedKeys {
  const named = (key: string): string | undefined => new RegExp(`${key}\\s*[=:]\\s*"?([^\\s"]+)`, 'i').exec(text)?.[1];
  const idFromName = named('aws_access_key_id') ?? named('AccessKeyId');
  const secretFromName = named('aws_secret_access_key') ?? named('SecretAccessKey');
  if (idFromName || secretFromName) {
    return { ...(idFromName ? { accessKeyId: idFromName } : {}), ...(secretFromName ? { secretAccessKey: secretFromName } : {}) };
  }
  const id = KEY_ID.exec(text)?.[1];
  // the CSV row or the one-line form: the secret is the token after the key id
  const tokens = text.split(/[\s,;]+/).map((t) => t.trim().replace(/^"|"$/g, '')).filter(Boolean);
  const at = id ? tokens.indexOf(id) : -1;
  const secret = tokens.slice(at + 1).find((t) => SECRET.test(t) && t !== id);
  return { ...(id ? { accessKeyId: id } : {}), ...(secret && at >= 0 ? { secretAccessKey: secret } : {}) };
}

/** Client-side checks with friendly words; main validates again. Returns a message or undefined. */
export const validateSourceField = {
  name(v: string): string | undefined {
    const s = v.trim();
    if (!s) return 'Give the profile a name, such as “dev” or “work”.';
    if (s.length > 64 || !/^[\w+=,.@ -]+$/.test(s)) return 'Use letters, digits and + = , . @ _ - (up to 64 characters).';
    return undefined;
  },
  accessKeyId(v: string): string | undefined {
    const s = v.trim();
    if (!s) return 'Enter the access key id (it starts with AKIA).';
    if (s.startsWith('ASIA')) return 'ASIA… keys are temporary; a source profile needs a long-term key (AKIA…).';
    if (!/^[A-Z0-9]{16,128}$/.test(s)) return 'An access key id is 20 capital letters and digits, like AKIAIOSFODNN7EXAMPLE.';
    return undefined;
  },
  secretAccessKey(v: string): string | undefined {
    if (!v) return 'Enter the secret access key.';
    if (/\s/.test(v)) return 'The secret cannot contain spaces.';
    return undefined;
  },
  mfaSerial(v: string): string | undefined {
    const s = v.trim();
    if (!s) return undefined;
    if (s.startsWith('arn:') ? !/^arn:aws[a-z-]*:iam::\d{12}:(mfa|u2f)\/[\w+=,.@/-]+$/.test(s) : !/^[\w+=/:,.@-]{9,256}$/.test(s)) {
      return 'That is not an MFA device ARN (arn:aws:iam::123456789012:mfa/name) or serial number.';
    }
    return undefined;
  },
};
