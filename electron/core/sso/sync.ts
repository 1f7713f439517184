/**
 * `rolecall sso sync`: a `[profile …]` section in `~/.aws/config` for every role the access portal
 * offers that no profile uses yet, named predictably (profile-names.ts), written through the
 * byte-preserving writer with Rolecall's marker, one edit and one backup. A later sync rewrites only
 * its own marked sections; a user's section is never touched, and a role a profile of the user's
 * already reaches (same session or start URL, account and role) is not written twice.
 */
import { configSectionName } from '../../shared/profile-rules';
import type { AwsPaths } from '../aws-files/paths';
import { formatMarker, type Marker } from '../aws-files/marker';
import { upsertManagedSections, type BatchSection } from '../aws-files/section-batch';
import { listManagedSections } from '../aws-files/section-writer';
import type { ParsedSharedFiles } from '../profiles/model';
import type { SsoTokenSource } from './config';
import type { SsoAccountWithRoles } from './discovery';
import { accountLabels, syncProfileName } from './profile-names';

export type SyncStatus = 'new' | 'update' | 'unchanged' | 'covered' | 'name-taken';

export interface SyncEntry {
  readonly profile: string;
  readonly accountId: string;
  readonly accountName: string;
  readonly roleName: string;
  /** new/update: written; unchanged: ours already; covered: `existingProfile` reaches it; name-taken: a section of the user's has the name. */
  readonly status: SyncStatus;
  readonly existingProfile?: string;
}

export interface SyncPlan {
  readonly entries: readonly SyncEntry[];
  /** The sections to write (status new or update), in entry order. */
  readonly sections: readonly BatchSection[];
}

/** The keys of a synced profile: the session, the role, and the session's region as the CLI region. */
export function syncedKeys(source: SsoTokenSource, accountId: string, roleName: string): Record<string, string> {
  return { sso_session: source.sessionName ?? '', sso_account_id: accountId, sso_role_name: roleName, region: source.region };
}

function reaches(settings: Record<string, string | undefined>, source: SsoTokenSource, accountId: string, roleName: string): boolean {
  const sameSession = source.sessionName !== undefined && settings.sso_session === source.sessionName;
  const sameUrl = settings.sso_session === undefined && settings.sso_start_url === source.startUrl;
  return (sameSession || sameUrl) && settings.sso_account_id === accountId && settings.sso_role_name === roleName;
}

/** What a sync would do, from the parsed files and the sections of the config file Rolecall marked. */
export function planSsoSync(files: ParsedSharedFiles, managed: ReadonlySet<string>, source: SsoTokenSource, accounts: readonly SsoAccountWithRoles[], prefix: string): SyncPlan {
  const labels = accountLabels(accounts);
  const entries: SyncEntry[] = [];
  const sections: BatchSection[] = [];
  const marker: Marker = { kind: 'sso-sync', via: source.sessionName ?? source.startUrl };
  const used = new Set<string>();
  for (const account of accounts) {
    for (const roleName of account.roles) {
      let profile = syncProfileName(prefix, labels.get(account.accountId) ?? account.accountId, roleName);
      // two role names that differ only in characters a profile name cannot hold (a=b, a,b)
      for (let n = 2; used.has(profile); n++) profile = `${syncProfileName(prefix, labels.get(account.accountId) ?? account.accountId, roleName)}-${n}`;
      used.add(profile);
      const base = { profile, accountId: account.accountId, accountName: account.accountName, roleName };
      const keys = syncedKeys(source, account.accountId, roleName);
      const existing = files.configFile[profile];
      const ours = managed.has(configSectionName(profile));
      let status: SyncStatus;
      let existingProfile: string | undefined;
      if (existing && !ours) {
        status = reaches(existing, source, account.accountId, roleName) ? 'covered' : 'name-taken';
        if (status === 'covered') existingProfile = profile;
      } else {
        existingProfile = Object.keys(files.configFile).find((p) => p !== profile && !managed.has(configSectionName(p)) && reaches(files.configFile[p]!, source, account.accountId, roleName));
        if (existingProfile !== undefined && !existing) status = 'covered';
        else if (existing && Object.entries(keys).every(([k, v]) => existing[k] === v) && Object.keys(existing).length === Object.keys(keys).length) status = 'unchanged';
        else status = existing ? 'update' : 'new';
      }
      entries.push({ ...base, status, ...(existingProfile !== undefined && status === 'covered' ? { existingProfile } : {}) });
      if (status === 'new' || status === 'update') sections.push({ section: configSectionName(profile), keys, marker });
    }
  }
  return { entries, sections };
}

/** The sections as they would appear in the file (for `--print`). */
export function renderSyncSections(sections: readonly BatchSection[]): string {
  return sections.map((s) => [`[${s.section}]`, formatMarker(s.marker), ...Object.entries(s.keys).map(([k, v]) => `${k} = ${v}`)].join('\n')).join('\n\n');
}

/** The config sections Rolecall marked (what a sync may rewrite). */
export async function managedConfigSections(paths: AwsPaths): Promise<Set<string>> {
  return new Set((await listManagedSections(paths.configFile)).map((s) => s.name));
}

/** Writes the plan's sections; the writer re-checks ownership under the lock. */
export function writeSsoSync(paths: AwsPaths, plan: SyncPlan, now?: () => Date) {
  return upsertManagedSections(paths.configFile, plan.sections, { kind: 'config', ...(now ? { now } : {}) });
}
