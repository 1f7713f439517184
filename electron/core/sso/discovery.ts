/**
 * Every account and permission set the signed-in user may use: ListAccounts, then ListAccountRoles
 * per account (all pages of each), a few accounts at a time so a portal with hundreds of accounts
 * answers in seconds without tripping its throttling. Progress is reported per account, because this
 * is the slow step of `rolecall sso list` and `sso sync`.
 */
import type { SsoTokenSource } from './config';
import { listAccountRoles, listAccounts, type SsoAccount } from './portal';
import { ssoAccessToken, type SsoDeps } from './token-provider';

export interface SsoAccountWithRoles extends SsoAccount {
  /** Permission set names, sorted. */
  readonly roles: readonly string[];
}

export interface DiscoveryProgress {
  (event: { stage: 'accounts' } | { stage: 'roles'; done: number; total: number }): void;
}

const PARALLEL = 4;

/** Accounts sorted by name (then ID), each with its roles; SsoLoginRequired when there is no usable token. */
export async function discoverAccounts(deps: SsoDeps, source: SsoTokenSource, onProgress?: DiscoveryProgress): Promise<SsoAccountWithRoles[]> {
  const token = await ssoAccessToken(deps, source);
  onProgress?.({ stage: 'accounts' });
  const accounts = await listAccounts(deps, source, token.accessToken);
  const out: SsoAccountWithRoles[] = new Array(accounts.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < accounts.length) {
      const i = next++;
      const account = accounts[i]!;
      const roles = await listAccountRoles(deps, source, token.accessToken, account.accountId);
      out[i] = { ...account, roles: [...new Set(roles.map((r) => r.roleName))].sort() };
      onProgress?.({ stage: 'roles', done: ++done, total: accounts.length });
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, accounts.length) }, worker));
  return out.sort((a, b) => a.accountName.localeCompare(b.accountName, 'en') || a.accountId.localeCompare(b.accountId));
}
