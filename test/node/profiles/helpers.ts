/** Temp AWS files and a one-call loader for the profile tests. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { readSharedFiles } from '../../../electron/core/aws-files/read';
import { buildProfiles } from '../../../electron/core/profiles/build';
import type { AwsPaths } from '../../../electron/core/aws-files/paths';
import type { BuildExtras, ParsedSharedFiles, Profile } from '../../../electron/core/profiles/model';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'rolecall-profiles-'));
  dirs.push(d);
  return d;
}

/** Writes the given texts (undefined = no file) and returns the paths. */
export function writeAwsFiles(config: string | Buffer | undefined, credentials?: string | Buffer): AwsPaths {
  const d = tempDir();
  const paths = { configFile: join(d, 'config'), credentialsFile: join(d, 'credentials') };
  if (config !== undefined) writeFileSync(paths.configFile, config);
  if (credentials !== undefined) writeFileSync(paths.credentialsFile, credentials);
  return paths;
}

export const noExtras = (): BuildExtras => ({ keychainSources: [], managedSections: new Set() });

/** Reads real files and builds the model, as the catalogue does. */
export async function load(config: string | undefined, credentials?: string, extras: Partial<BuildExtras> = {}): Promise<{ files: ParsedSharedFiles; profiles: Profile[] }> {
  const files = await readSharedFiles(writeAwsFiles(config, credentials));
  const profiles = buildProfiles(files, { ...noExtras(), ...extras });
  return { files, profiles };
}

export function byName(profiles: Profile[], name: string): Profile {
  const p = profiles.find((x) => x.name === name);
  if (!p) throw new Error(`no profile ${name} in ${profiles.map((x) => x.name).join(', ')}`);
  return p;
}

/** Builds from in-memory sections (no files), for the pure classification and validation rules. */
export function build(configFile: ParsedSharedFiles['configFile'], credentialsFile: ParsedSharedFiles['credentialsFile'] = {}, extras: Partial<BuildExtras> = {}): Profile[] {
  return buildProfiles({ configFile, credentialsFile }, { ...noExtras(), ...extras });
}

export const ARN = (name: string, account = '123456789012'): string => `arn:aws:iam::${account}:role/${name}`;
export const MFA = 'arn:aws:iam::123456789012:mfa/dev-user';
