/**
 * `rolecall setup-credential-process`: writes a profile into the AWS config file whose credentials
 * come from `rolecall credential-process`, so `aws --profile NAME …` just works.
 *
 * It goes through the same byte-preserving, locked, atomic section writer as everything else, with a
 * backup of the config file first, and marks the section as Rolecall's. It refuses a name where the
 * AWS CLI would not run credential_process (the profile already gets credentials some other way,
 * or the credentials file holds keys for it: both come first in botocore's chain).
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, win32 } from 'node:path';
import { RolecallError } from '../errors';
import { profileSections, readSectionKeys } from '../aws-files/section-text';
import { writeBackup } from '../aws-files/atomic-file';
import { upsertSection } from '../aws-files/section-writer';
import { isRegionName } from '../profiles/arn';
import { credentialProcessConfigSection } from './config-section';
import { isCredentialKey } from '../../shared/profile-rules';

export interface SetupCredentialProcessOptions {
  configFile: string;
  /** Checked for static keys under the new profile's name, which would win over credential_process. */
  credentialsFile?: string;
  /** The Rolecall profile the credentials come from. */
  profile: string;
  /** Name of the profile to write; `profile` when absent. */
  as?: string;
  /** Argv that starts the rolecall CLI, e.g. `[process.execPath, binPath]`. */
  command: string | readonly string[];
  /** Written as `region` so AWS CLI commands have one. */
  region?: string;
  /** Replace a section the user wrote under that name (only if it defines no credentials of its own). */
  takeOver?: boolean;
  platform?: NodeJS.Platform;
  now?: Date;
}

export interface SetupCredentialProcessResult {
  /** The section written, e.g. `profile admin-cli`. */
  section: string;
  /** The name to pass to `aws --profile`. */
  profileName: string;
  /** Copy of the config file from before the change (absent when the file did not exist). */
  backupPath?: string;
}


/** Keys that give a profile its own credentials (replacing them would destroy the user's profile); our own credential_process line is ours to rewrite. */
const ownCredentialKey = (k: string): boolean => k !== 'credential_process' && isCredentialKey(k);

async function readText(path: string | undefined): Promise<string | undefined> {
  if (path === undefined) return undefined;
  try {
    return (await readFile(path)).toString('utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Writes (or rewrites) the credential_process profile and returns where it went. */
export async function setupCredentialProcessProfile(opts: SetupCredentialProcessOptions): Promise<SetupCredentialProcessResult> {
  const profileName = opts.as ?? opts.profile;
  const program = typeof opts.command === 'string' ? (/^\s*(?:"([^"]*)"|(\S*))/.exec(opts.command)?.slice(1).find((x) => x !== undefined) ?? '') : (opts.command[0] ?? '');
  if (!isAbsolute(program) && !win32.isAbsolute(program)) {
    // a bare name is looked up in the current directory first on Windows: any repository could answer
    throw new RolecallError('InvalidInput', `The credential_process command must start with an absolute path, not "${program}".`, {
      action: 'Install Node.js on PATH and try again, or run "rolecall setup-credential-process <profile>" from a terminal.',
    });
  }
  const built = credentialProcessConfigSection(opts.profile, opts.command, { as: profileName, ...(opts.platform ? { platform: opts.platform } : {}) });
  const value = built.lines[0]?.replace(/^credential_process = /, '') ?? '';
  const shadow = (found: string[], where: string): RolecallError =>
    new RolecallError('TargetShadowed', `Profile "${profileName}" already gets credentials from ${found.join(', ')} in ${where}, which the AWS CLI uses before credential_process.`, {
      action: `Choose another name, for example: --as ${opts.profile}-rolecall`,
      details: { profile: profileName, path: where },
    });

  // The profile as the AWS CLI finds it: in config also under [profile  NAME] or [profile "NAME"].
  const keysOf = (text: string | undefined, kind: 'config' | 'credentials'): string[] =>
    text === undefined ? [] : profileSections(text, profileName, kind).flatMap((s) => Object.keys(readSectionKeys(text, s.name) ?? {}));
  const config = await readText(opts.configFile);
  const existing = config === undefined ? [] : profileSections(config, profileName, 'config');
  const ownCredentials = [...new Set(keysOf(config, 'config'))].filter(ownCredentialKey);
  if (ownCredentials.length > 0) throw shadow(ownCredentials, opts.configFile);
  const credentials = await readText(opts.credentialsFile);
  const staticKeys = [...new Set(keysOf(credentials, 'credentials'))].filter(ownCredentialKey);
  if (staticKeys.length > 0 && opts.credentialsFile !== undefined) throw shadow(staticKeys, opts.credentialsFile);

  if (opts.region !== undefined && !isRegionName(opts.region)) {
    throw new RolecallError('InvalidInput', `"${opts.region.slice(0, 40)}" is not an AWS region name.`, { action: 'Use a region such as us-east-1 or eu-west-1.' });
  }

  // A user's section is replaced only on request; the writer backs the file up itself then.
  // Otherwise the backup is ours, written before anything changes.
  const state = { exists: existing.length > 0, managed: existing.length > 0 && existing.every((s) => s.marker !== undefined) };
  const userOwned = state.exists && !state.managed;
  if (userOwned && opts.takeOver !== true) {
    throw new RolecallError('SectionNotManaged', `The section [${existing[0]?.name ?? built.section}] in ${opts.configFile} was not written by Rolecall, so Rolecall will not overwrite it.`, {
      action: `Choose another name (for example --as ${opts.profile}-rolecall), or allow Rolecall to take it over (a backup is written first).`,
      details: { path: opts.configFile, section: existing[0]?.name ?? built.section },
    });
  }
  const now = opts.now ?? new Date();
  const ownBackup = config !== undefined && !userOwned ? await writeBackup(opts.configFile, now) : undefined;
  const keys: Record<string, string> = { credential_process: value };
  if (opts.region !== undefined) keys.region = opts.region;
  const written = await upsertSection(opts.configFile, built.section, keys, { source: opts.profile }, { configFile: null, kind: 'config', takeOver: userOwned, now });
  const backupPath = written.backupPath ?? ownBackup;
  const result: SetupCredentialProcessResult = { section: built.section, profileName };
  if (backupPath !== undefined) result.backupPath = backupPath;
  return result;
}
