/**
 * The Profiles view's shape, computed once per listing and filter text (pure, so it is tested on
 * its own and memoised in the view): sources first, roles grouped by account with the accounts and
 * roles that hold an active session on top, then everything Rolecall lists but cannot drive.
 */
import type { OtherProfile, Profile, RoleProfile, SourceProfile } from '../../contract';

export interface AccountGroup {
  /** 12-digit account id, or '' for roles whose ARN could not be read. */
  accountId: string;
  roles: RoleProfile[];
  active: boolean;
}

export interface ProfilesModel {
  sources: SourceProfile[];
  accounts: AccountGroup[];
  others: OtherProfile[];
  /** How many profiles match the filter, out of all of them. */
  shown: number;
  total: number;
}

/** Text a profile can be found by: names, ids, ARNs, devices, regions, where its keys live. */
function haystack(p: Profile): string {
  const parts: Array<string | undefined> = [p.name, p.region, p.error];
  if (p.kind === 'source') parts.push(p.accessKeyId, p.mfaSerial, p.origin, p.origin === 'keychain' ? 'keychain' : 'plaintext');
  else if (p.kind === 'role') parts.push(p.roleArn, p.accountId, p.roleName, p.mfaSerial, p.sourceProfile, p.credentialSource, ...p.chain);
  else parts.push(p.reason);
  return parts.filter(Boolean).join(' ').toLowerCase();
}

/** Every whitespace-separated word of the query must appear somewhere in the profile. */
export function matchesQuery(p: Profile, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = haystack(p);
  return words.every((w) => text.includes(w));
}

/** True when a source's long-term keys (or a copy of them) still sit in a plaintext file. */
export function hasPlaintextKeys(p: SourceProfile): boolean {
  if (p.temporary) return false;
  return p.origin === 'credentials-file' || (p.plaintextCopies?.includes('credentials-file') ?? false);
}

// code-point order: profile names are ASCII in practice, and localeCompare costs ~25 ms per 500 rows
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byName = (a: { name: string }, b: { name: string }) => compareText(a.name, b.name);

export function buildProfilesModel(profiles: Profile[], query: string, active: ReadonlySet<string>): ProfilesModel {
  const sources: SourceProfile[] = [];
  const others: OtherProfile[] = [];
  const groups = new Map<string, AccountGroup>();
  let shown = 0;
  for (const p of profiles) {
    if (!matchesQuery(p, query)) continue;
    shown++;
    if (p.kind === 'source') sources.push(p);
    else if (p.kind === 'other') others.push(p);
    else {
      const accountId = p.accountId ?? '';
      let g = groups.get(accountId);
      if (!g) groups.set(accountId, (g = { accountId, roles: [], active: false }));
      g.roles.push(p);
      if (active.has(p.name)) g.active = true;
    }
  }
  const activeFirst = (a: RoleProfile, b: RoleProfile) => Number(active.has(b.name)) - Number(active.has(a.name)) || byName(a, b);
  for (const g of groups.values()) g.roles.sort(activeFirst);
  const accounts = [...groups.values()].sort(
    (a, b) => Number(b.active) - Number(a.active) || Number(a.accountId === '') - Number(b.accountId === '') || compareText(a.accountId, b.accountId),
  );
  return { sources: sources.sort(byName), accounts, others: others.sort(byName), shown, total: profiles.length };
}
