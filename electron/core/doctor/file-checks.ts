/**
 * Checks on the shared AWS files themselves: who may read them, and what Rolecall left in them.
 * They hold secrets (plaintext keys, session tokens), so a group- or world-readable file is a leak
 * waiting to happen, and an expired section Rolecall wrote makes every tool that uses it fail with
 * ExpiredToken instead of a clear "not signed in".
 */
import { stat } from 'node:fs/promises';
import type { AwsPaths } from '../aws-files/paths';
import type { ProfileCatalog } from '../profiles/catalog';
import type { DoctorCheck } from './types';
import { startsWithBom } from '../aws-files/bom';

/** Warns when either file is readable or writable by anyone but its owner. */
export async function checkFileModes(paths: AwsPaths, platform: NodeJS.Platform): Promise<DoctorCheck[]> {
  const files: Array<['config' | 'credentials', string]> = [
    ['credentials', paths.credentialsFile],
    ['config', paths.configFile],
  ];
  const out: DoctorCheck[] = [];
  for (const [kind, file] of files) {
    const id = `file-mode:${kind}`;
    if (platform === 'win32') {
      out.push({ id, status: 'ok', message: `${file}: permissions are not checked on Windows (your user profile folder protects it).` });
      continue;
    }
    let mode: number;
    try {
      mode = (await stat(file)).mode & 0o777;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      out.push(
        code === 'ENOENT'
          ? { id, status: 'ok', message: `${file} does not exist (nothing to protect).` }
          : { id, status: 'warn', message: `Could not check ${file} (${code ?? 'error'}).`, fix: `Check that ${file} is readable by you.` },
      );
      continue;
    }
    const octal = mode.toString(8).padStart(3, '0');
    if ((mode & 0o077) === 0) {
      out.push({ id, status: 'ok', message: `${file} is private to you (mode ${octal}).` });
    } else {
      const who = [mode & 0o070 ? 'your group' : '', mode & 0o007 ? 'every user' : ''].filter(Boolean).join(' and ');
      out.push({
        id,
        status: 'warn',
        message: `${file} can be read or changed by ${who} (mode ${octal}); it ${kind === 'credentials' ? 'holds keys and session tokens' : 'may hold keys and names your roles'}.`,
        fix: `chmod 600 ${shellQuote(file)}`,
      });
    }
  }
  return out;
}

/**
 * A UTF-8 BOM at the start of either file: botocore refuses the whole file ("Unable to parse config
 * file"), so every AWS CLI command fails although Rolecall and the JS SDK read it fine.
 */
export async function checkByteOrderMarks(paths: AwsPaths): Promise<DoctorCheck[]> {
  const files: Array<['config' | 'credentials', string]> = [
    ['credentials', paths.credentialsFile],
    ['config', paths.configFile],
  ];
  const out: DoctorCheck[] = [];
  for (const [kind, file] of files) {
    const id = `file-bom:${kind}`;
    if (!(await startsWithBom(file))) {
      out.push({ id, status: 'ok', message: `${file} has no byte order mark.` });
      continue;
    }
    out.push({
      id,
      status: 'warn',
      message: `${file} starts with a UTF-8 byte order mark (BOM): the AWS CLI and boto3 refuse the whole file ("Unable to parse config file"). Removing it (after a backup) changes nothing else.`,
      fix: 'rolecall doctor --fix-bom',
    });
  }
  return out;
}

/**
 * Long-term keys still sitting in a plaintext file: sources that live only there, and keychain
 * sources that still have a plaintext copy. Temporary keys pasted by hand (with a session token)
 * expire on their own and are not reported.
 */
export function checkPlaintextKeys(catalog: ProfileCatalog): DoctorCheck {
  const names = catalog.profiles
    .filter((p) => p.kind === 'source' && p.temporary !== true && (p.origin !== 'keychain' || (p.plaintextCopies?.length ?? 0) > 0))
    .map((p) => p.name)
    .sort();
  if (names.length === 0) return { id: 'plaintext-keys', status: 'ok', message: 'No long-term access keys are stored in plaintext in your AWS files.' };
  return {
    id: 'plaintext-keys',
    status: 'warn',
    message: `Long-term access keys are stored in plaintext for ${list(names)}: any program running as you can read them. Importing moves them into the keychain and removes them from the files (after a backup).`,
    fix: `rolecall import --scrub ${names.map(shellQuote).join(' ')}`,
  };
}

/** Sections Rolecall wrote whose credentials have expired: tools using them get ExpiredToken. */
export function checkExpiredSections(catalog: ProfileCatalog, now: number, credentialsFile: string): DoctorCheck[] {
  const expired = catalog.managed.filter((m) => m.expiresAt !== undefined && m.expiresAt.getTime() <= now);
  if (expired.length === 0) {
    return [{ id: 'expired-sections', status: 'ok', message: `No expired Rolecall sections are left in ${credentialsFile}.` }];
  }
  return expired.map((m) => ({
    id: `expired-section:${m.name}`,
    status: 'warn' as const,
    message: `[${m.name}] in ${credentialsFile} holds credentials Rolecall wrote that expired at ${m.expiresAt!.toISOString().replace(/\.\d{3}Z$/, 'Z')}; the AWS CLI will fail with ExpiredToken for profile "${m.name}".`,
    fix: `Switch again to refresh it (rolecall switch ${m.source ? shellQuote(m.source) : '<profile>'} --target ${shellQuote(m.name)}), or delete the [${m.name}] section from ${credentialsFile}.`,
  }));
}

/** Every profile with a validation problem, each with the message botocore-style validation gave. */
export function checkProfiles(catalog: ProfileCatalog, configFile: string): DoctorCheck[] {
  const broken = catalog.profiles.filter((p) => p.error !== undefined);
  if (broken.length === 0) return [{ id: 'profiles', status: 'ok', message: `All ${catalog.profiles.length} profiles are valid.` }];
  // Without the keychain its sources are missing, so roles built on them look broken: say so.
  const note = catalog.keychainProblem ? ' (The keychain could not be read, so its source profiles are missing from this check.)' : '';
  return broken.map((p) => ({
    id: `profile-invalid:${p.name}`,
    status: 'warn' as const,
    message: `${p.error!}${note}`,
    fix: `Edit the "${p.name}" profile in ${configFile} (or the credentials file) as the message says.`,
  }));
}

/** "a", "a and b", "a, b and c", naming at most eight. */
export function list(names: readonly string[]): string {
  const quoted = names.slice(0, 8).map((n) => `"${n}"`);
  const more = names.length > 8 ? [`${names.length - 8} more`] : [];
  const all = [...quoted, ...more];
  return all.length <= 1 ? (all[0] ?? '') : `${all.slice(0, -1).join(', ')} and ${all.at(-1)!}`;
}

/** Quotes a word for a POSIX shell when it needs it, so a suggested command can be pasted as is. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
