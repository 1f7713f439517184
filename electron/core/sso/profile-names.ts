/**
 * The profile names `rolecall sso sync` gives the roles it finds: `<prefix><account-name>/<role>`,
 * predictable from what the access portal shows. A name must read back as itself in both readers:
 * the JS SDK's loader (which Rolecall reads config with) accepts only `[\w-@+.%:/]` in
 * `[profile NAME]`, and botocore splits the header with shlex (no spaces, quotes or backslashes).
 * Everything else becomes `-` (runs collapsed, none at either end); account names that still
 * collide, or are empty, get the account ID so two accounts never share a profile.
 */
import type { SsoAccount } from './portal';

/** One character both readers keep in a `[profile NAME]` header (`%` left out: it reads as an escape). */
const SAFE_CHAR = /[A-Za-z0-9_.@+:/-]/;

/** `text` with every run of characters outside the safe set replaced by one `-`, trimmed of `-`. */
export function safeNamePart(text: string): string {
  let out = '';
  for (const ch of text) out += SAFE_CHAR.test(ch) ? ch : '-';
  return out.replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
}

/** A prefix the user typed, checked rather than rewritten (it is theirs): the safe set only. */
export function prefixProblem(prefix: string): string | undefined {
  for (const ch of prefix) if (!SAFE_CHAR.test(ch)) return `The prefix "${prefix.slice(0, 40)}" contains "${ch}", which cannot be used in a profile name.`;
  return undefined;
}

/**
 * The name part of each account: its safe account name, or `<name>-<accountId>` when several
 * accounts would share one (or `<accountId>` when the name is empty), so the mapping depends only
 * on the set of accounts, not on their order.
 */
export function accountLabels(accounts: readonly SsoAccount[]): Map<string, string> {
  const base = new Map(accounts.map((a) => [a.accountId, safeNamePart(a.accountName)]));
  const counts = new Map<string, number>();
  for (const label of base.values()) counts.set(label.toLowerCase(), (counts.get(label.toLowerCase()) ?? 0) + 1);
  const out = new Map<string, string>();
  for (const [id, label] of base) {
    out.set(id, label === '' ? id : (counts.get(label.toLowerCase()) ?? 0) > 1 ? `${label}-${id}` : label);
  }
  return out;
}

/** The profile name of one role: `<prefix><account label>/<role>`. */
export function syncProfileName(prefix: string, accountLabel: string, roleName: string): string {
  return `${prefix}${accountLabel}/${safeNamePart(roleName) || 'role'}`;
}
