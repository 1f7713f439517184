/**
 * `rolecall sso list` and `rolecall sso sync`: what the access portal offers, and profiles for it.
 * Discovery is the slow step (one call per account), so its progress goes to stderr; stdout keeps
 * only the answer, for scripts. A sync writes nothing until it has asked (or `--yes`), and writes
 * nothing at all on any error before that point.
 */
import { discoverAccounts, type DiscoveryProgress } from '../../core/sso/discovery';
import { prefixProblem } from '../../core/sso/profile-names';
import { managedConfigSections, planSsoSync, renderSyncSections, writeSsoSync, type SyncEntry } from '../../core/sso/sync';
import { type CommandContext, info, out, UsageError } from '../context';
import { prompt } from '../io';
import { needsYes, type SsoCommandSetup } from './sso';

function progress(ctx: CommandContext): DiscoveryProgress {
  let last = -1;
  return (e) => {
    if (e.stage === 'accounts') return info(ctx, 'Listing your accounts in the access portal…');
    // a line per tenth at most: hundreds of accounts should not flood the terminal
    const step = Math.floor((e.done * 10) / e.total);
    if (step !== last || e.done === e.total) info(ctx, `Listed the roles of ${e.done} of ${e.total} accounts…`);
    last = step;
  };
}

async function discover(ctx: CommandContext, s: SsoCommandSetup, prefix: string) {
  const accounts = await discoverAccounts(s.deps, s.source, progress(ctx));
  const plan = planSsoSync(s.files, await managedConfigSections(s.paths), s.source, accounts, prefix);
  return { accounts, plan };
}

/** The profile that reaches a role today, if any (a user's, or one a sync wrote). */
function profileOf(e: SyncEntry): string | undefined {
  if (e.status === 'covered') return e.existingProfile;
  return e.status === 'unchanged' || e.status === 'update' ? e.profile : undefined;
}

export async function ssoList(ctx: CommandContext, s: SsoCommandSetup, json: boolean): Promise<number> {
  const { accounts, plan } = await discover(ctx, s, '');
  const key = (accountId: string, role: string): string => `${accountId}/${role}`;
  const profiles = new Map(plan.entries.map((e) => [key(e.accountId, e.roleName), profileOf(e)]));
  if (json) {
    const rows = accounts.map((a) => ({ accountId: a.accountId, accountName: a.accountName, emailAddress: a.emailAddress, roles: a.roles.map((roleName) => ({ roleName, profile: profiles.get(key(a.accountId, roleName)) ?? null })) }));
    out(ctx, JSON.stringify({ session: s.source.sessionName, accounts: rows }, null, 2));
    return 0;
  }
  if (accounts.length === 0) {
    out(ctx, 'The access portal offers you no accounts.');
    return 0;
  }
  const lines: string[][] = [['ACCOUNT', 'NAME', 'ROLE', 'PROFILE']];
  for (const a of accounts) for (const r of a.roles) lines.push([a.accountId, a.accountName, r, profiles.get(key(a.accountId, r)) ?? '-']);
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  for (const l of lines) out(ctx, l.map((c, i) => (i === l.length - 1 ? c : c.padEnd(widths[i]!))).join('  '));
  return 0;
}

export async function ssoSync(ctx: CommandContext, s: SsoCommandSetup, opts: { prefix: string; print: boolean; yes: boolean }): Promise<number> {
  const problem = prefixProblem(opts.prefix);
  if (problem) throw new UsageError(`${problem} Use letters, digits and _ . @ + : / -.`);
  const { plan } = await discover(ctx, s, opts.prefix);
  for (const e of plan.entries.filter((x) => x.status === 'name-taken')) {
    info(ctx, `Skipped ${e.accountName || e.accountId}/${e.roleName}: [profile ${e.profile}] is a section of yours for something else (try --prefix).`);
  }
  const covered = plan.entries.filter((x) => x.status === 'covered' || x.status === 'unchanged').length;
  if (plan.sections.length === 0) {
    out(ctx, `Nothing to add to ${s.paths.configFile}: ${covered} role${covered === 1 ? ' has' : 's have'} a profile already.`);
    return 0;
  }
  if (opts.print) {
    out(ctx, renderSyncSections(plan.sections));
    info(ctx, `(dry run: ${plan.sections.length} section${plan.sections.length === 1 ? '' : 's'} for ${s.paths.configFile}; nothing was written)`);
    return 0;
  }
  if (!opts.yes) {
    if (!ctx.io.interactive) throw needsYes();
    const answer = await prompt(ctx.io, `Add ${plan.sections.length} profile${plan.sections.length === 1 ? '' : 's'} to ${s.paths.configFile} (a backup is written first)? [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) {
      info(ctx, 'Nothing written.');
      return 0;
    }
  }
  const result = await writeSsoSync(s.paths, plan);
  for (const section of result.written) out(ctx, `Wrote [${section}]`);
  for (const section of result.keptUsers) info(ctx, `Kept [${section}]: it became a section of yours meanwhile.`);
  if (result.backupPath) info(ctx, `Backup of the previous file: ${result.backupPath}`);
  out(ctx, `Wrote ${result.written.length} profile${result.written.length === 1 ? '' : 's'} to ${s.paths.configFile}; ${covered} already had one. Try: aws sts get-caller-identity --profile ${plan.entries.find((e) => e.status === 'new' || e.status === 'update')?.profile ?? ''}`);
  return 0;
}
