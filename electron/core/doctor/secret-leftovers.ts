/**
 * Copies of secret keys left beside the AWS files: Rolecall backups written before backups were
 * redacted, and the user's own copies (`credentials.bak`, `credentials~`). Each one undoes the
 * keychain's protection, so doctor names them and, when asked, redacts their secret lines in place
 * (atomic, mode 0600, every other byte kept) — never deleting a file and never touching the live
 * AWS files themselves (their plaintext keys are the import's business).
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { editFileAtomically } from '../aws-files/atomic-file';
import type { AwsPaths } from '../aws-files/paths';
import { holdsSecretKey, redactSecretsText } from '../aws-files/secret-redaction';
import { list, shellQuote } from './file-checks';
import type { DoctorCheck } from './types';

/** Files larger than this are not AWS file copies; skipping them keeps the scan cheap. */
const MAX_BYTES = 1024 * 1024;

/** Regular files in the AWS files' folders, other than the two live files, holding a secret key. */
export async function findSecretLeftovers(paths: Pick<AwsPaths, 'configFile' | 'credentialsFile'>): Promise<string[]> {
  const live = new Set([resolve(paths.configFile), resolve(paths.credentialsFile)]);
  const dirs = [...new Set([...live].map((f) => dirname(f)))];
  const found: string[] = [];
  for (const dir of dirs) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.sort()) {
      const file = join(dir, name);
      if (live.has(file)) continue;
      const st = await lstat(file).catch(() => undefined);
      if (!st?.isFile() || st.size > MAX_BYTES) continue;
      const text = await readFile(file, 'latin1').catch(() => '');
      if (holdsSecretKey(text)) found.push(file);
    }
  }
  return found;
}

/** The doctor finding for those files, with the command that cleans them. */
export async function checkSecretLeftovers(paths: Pick<AwsPaths, 'configFile' | 'credentialsFile'>): Promise<DoctorCheck> {
  const files = await findSecretLeftovers(paths);
  if (files.length === 0) return { id: 'secret-leftovers', status: 'ok', message: 'No backups or other files beside your AWS files hold secret keys.' };
  return {
    id: 'secret-leftovers',
    status: 'warn',
    message: `${files.length === 1 ? 'This file' : 'These files'} beside your AWS files hold${files.length === 1 ? 's' : ''} aws_secret_access_key values in plaintext: ${list(files)}. Any program running as you can read them.`,
    fix: `rolecall doctor --clean-backups (redacts the secret lines in ${files.length === 1 ? 'it' : 'them'}; or delete ${files.map(shellQuote).join(' ')} yourself)`,
  };
}

/** Redacts every secret line in each file (no backup: that would copy the secret again). */
export async function cleanSecretLeftovers(files: readonly string[]): Promise<string[]> {
  const cleaned: string[] = [];
  for (const file of files) {
    const r = await editFileAtomically(file, (current) => redactSecretsText(current));
    if (r.changed) cleaned.push(file);
  }
  return cleaned;
}
