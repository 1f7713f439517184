/** `rolecall list`, `status`, `switch` (`signout` and `extend`: elevation.ts). */
import { parseArgs } from 'node:util';
import { syntaxOf } from '../command-options';
import { isRolecallError } from '../../core/errors';
import type { ActiveSession } from '../../core/sessions/types';
import type { Profile } from '../../core/profiles/model';
import type { KeyAge } from '../../core/rotation/key-age';
import { type CommandContext, UsageError, usageError, info, out } from '../context';
import { formatRemaining, table } from '../format';
import { askMfaCode } from '../mfa-prompt';
import { prompt, readLines } from '../io';
import { isMfaCode } from '../../core/sts/input';
import type { SwitchOptions } from '../../core/sessions/types';
import { mfaDeviceIn } from '../mfa-device';
import { elevationLengthOption, elevationLines } from './elevation';

export async function listCommand(ctx: CommandContext): Promise<number> {
  const { values } = parseArgs({ args: ctx.args, ...syntaxOf('list') });
  const agent = await ctx.agent();
  // the owner's view when one runs: it says who keeps each session fresh, and it reads the keychain
  const fromAgent = agent ? await agent.list() : undefined;
  const core = fromAgent ? undefined : await ctx.core();
  const listing = fromAgent?.listing ?? (await core!.listProfiles());
  if (listing.keychainProblem) info(ctx, `warning: keychain sources are not listed: ${listing.keychainProblem.message}`);
  if (!values.json) for (const p of listing.profiles) for (const n of p.kind === 'source' ? (p.notices ?? []) : []) info(ctx, `note: ${n}`);
  const byProfile = new Map<string, ActiveSession[]>();
  for (const s of listing.sessions) byProfile.set(s.profile, [...(byProfile.get(s.profile) ?? []), s]);
  // key age asks IAM: only for keychain sources, and a failure is a cell, not a failed list
  const ages = fromAgent?.keyAges ?? (listing.profiles.some((p) => p.kind === 'source' && p.origin === 'keychain') ? await core!.keyAges().catch(() => []) : []);
  const ageOf = new Map(ages.map((a) => [a.source, a]));
  const rows = listing.profiles.map((p) => {
    const age = ageOf.get(p.name);
    return { ...describe(p), session: byProfile.get(p.name)?.map(sessionJson) ?? [], ...(age ? { keyAge: keyAgeJson(age) } : {}) };
  });
  if (values.json) {
    out(ctx, JSON.stringify(rows, null, 2));
    return 0;
  }
  out(
    ctx,
    table(
      ['PROFILE', 'KIND', 'CHAIN', 'MFA', 'REGION', 'KEY AGE', 'SESSION', 'PROBLEM'],
      rows.map((r) => [
        r.name,
        r.kind === 'source' ? `source (${r.origin})` : r.kind,
        r.chain.join(' → '),
        withOrigin(r.mfaSerial, r.settingOrigins?.mfaSerial),
        withOrigin(r.region, r.settingOrigins?.region),
        r.keyAge ? keyAgeCell(r.keyAge, ctx.now()) : '',
        r.session.map((s) => `${s.target}: ${formatRemaining(s.expiresAt, ctx.now())}`).join(', '),
        r.error ?? '',
      ]),
    ),
  );
  return 0;
}

function describe(p: Profile) {
  return {
    name: p.name,
    kind: p.kind,
    origin: p.kind === 'source' ? p.origin : undefined,
    chain: p.kind === 'role' ? p.chain : [p.name],
    roleArn: p.kind === 'role' ? p.roleArn : undefined,
    mfaSerial: p.kind === 'other' ? undefined : p.mfaSerial,
    region: p.region,
    durationSeconds: p.kind === 'other' ? undefined : p.durationSeconds,
    /** Where a source's mfaSerial/region/durationSeconds came from: config-file, credentials-file or keychain. */
    settingOrigins: p.kind === 'source' ? p.settingOrigins : undefined,
    notices: p.kind === 'source' ? p.notices : undefined,
    error: p.error,
  };
}

const ORIGIN_LABEL = { 'config-file': 'config', 'credentials-file': 'credentials', keychain: 'keychain' } as const;

/** A value with where it came from, e.g. `eu-west-1 (config)`, for the human table. */
function withOrigin(value: string | undefined, origin: keyof typeof ORIGIN_LABEL | undefined): string {
  if (value === undefined) return '';
  return origin === undefined ? value : `${value} (${ORIGIN_LABEL[origin]})`;
}

function keyAgeJson(a: KeyAge) {
  return {
    accessKeyId: a.accessKeyId,
    createdAt: a.createdAt,
    ageDays: a.ageDays,
    lastUsedAt: a.lastUsedAt,
    lastUsedService: a.lastUsedService,
    old: a.old,
    rotationPending: a.rotationPending,
    problem: a.problem,
  };
}

/** `97 d OLD, used 2 d ago` — the age, the warning, and the last use, in one table cell. */
function keyAgeCell(a: ReturnType<typeof keyAgeJson>, now: number): string {
  if (a.ageDays === undefined) return 'unknown';
  const used = a.lastUsedAt ? `used ${Math.max(0, Math.floor((now - Date.parse(a.lastUsedAt)) / 86_400_000))} d ago` : 'never used';
  return `${a.ageDays} d${a.old ? ' OLD' : ''}, ${used}${a.rotationPending ? ', rotation pending' : ''}`;
}

/** A session's fields in every `--json` (status, list, switch, signout, extend). */
export function sessionJson(s: ActiveSession) {
  return {
    target: s.target,
    identityArn: s.identityArn,
    expiresAt: s.expiresAt,
    status: s.status,
    heldBy: s.heldBy,
    elevated: s.elevated,
    baseline: s.baseline ?? null,
    fallsBackAt: s.fallsBackAt ?? null,
  };
}

/** The ELEVATED cell of `status`: impossible to miss, with where and when it falls back. */
function elevatedCell(s: ActiveSession, now: number): string {
  if (!s.elevated) return '';
  const to = s.baseline ? `→ ${s.baseline}` : '→ empty';
  return s.fallsBackAt ? `ELEVATED ${to} in ${formatRemaining(s.fallsBackAt, now)}` : `ELEVATED (signout ${to})`;
}

/** `heldBy` in words: who keeps the session fresh. */
export function heldByText(s: Pick<ActiveSession, 'heldBy'>): string {
  return s.heldBy === 'app' ? 'the app (refreshed)' : s.heldBy === 'agent' ? 'rolecall agent (refreshed)' : 'nobody (lasts until it expires)';
}

export async function statusCommand(ctx: CommandContext): Promise<number> {
  const { values } = parseArgs({ args: ctx.args, ...syntaxOf('status') });
  const agent = await ctx.agent();
  const sessions = agent ? await agent.status() : await (await ctx.core()).readSessions();
  if (values.json) {
    out(ctx, JSON.stringify(sessions.map((s) => ({ profile: s.profile, ...sessionJson(s), account: s.account })), null, 2));
    return 0;
  }
  if (sessions.length === 0) {
    out(ctx, 'No active sessions.');
    return 0;
  }
  const elevated = sessions.some((s) => s.elevated);
  const head = ['PROFILE', 'TARGET', 'IDENTITY', 'EXPIRES IN', 'KEPT FRESH BY', ...(elevated ? ['ELEVATED'] : [])];
  out(ctx, table(head, sessions.map((s) => [s.profile, s.target, s.identityArn, formatRemaining(s.expiresAt, ctx.now()), heldByText(s), ...(elevated ? [elevatedCell(s, ctx.now())] : [])])));
  return 0;
}

export async function switchCommand(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({ args: ctx.args, ...syntaxOf('switch') });
  const profile = positionals[0];
  if (!profile || positionals.length > 1) throw await usageError('switch');
  const duration = values.duration === undefined ? undefined : Number(values.duration);
  if (duration !== undefined && (!Number.isInteger(duration) || duration < 900 || duration > 129600)) {
    throw new UsageError('--duration takes whole seconds between 900 and 129600');
  }
  const forSeconds = elevationLengthOption(values.for);
  let code = values.mfa === '-' ? await mfaCodeFromStdin(ctx) : values.mfa;
  const agent = await ctx.agent();
  const switchTo = agent
    ? (opts: SwitchOptions) => agent.switchTo({ profile, ...opts, promptInApp: !ctx.io.interactive, requestedBy: `rolecall switch ${profile}` })
    : async (opts: SwitchOptions) => (await ctx.core()).switchTo(profile, opts);
  let takeOver = values['take-over'] === true;
  for (let attempt = 0; ; attempt++) {
    try {
      const s = await switchTo({
        ...(values.target ? { target: values.target } : {}),
        takeOver,
        ...(code !== undefined ? { mfaCode: code } : {}),
        ...(duration !== undefined ? { durationSeconds: duration } : {}),
        ...(forSeconds !== undefined ? { forSeconds } : {}),
      });
      report(ctx, s, values.json === true);
      return 0;
    } catch (e) {
      if (!isRolecallError(e) || !ctx.io.interactive || attempt >= 3) throw e;
      if (e.code === 'MfaRequired' || ((e.code === 'MfaInvalid' || e.code === 'MfaCodeReused') && values.mfa === undefined)) {
        if (e.code !== 'MfaRequired') info(ctx, `${e.message}${e.action ? ` ${e.action}` : ''}`);
        code = await askMfaCode(ctx.io, typeof e.details.mfaSerial === 'string' ? e.details.mfaSerial : mfaDeviceIn(e.message));
        continue;
      }
      if (e.code === 'SectionNotManaged' && !takeOver) {
        const target = String(e.details.target ?? values.target ?? 'the target');
        const answer = await prompt(ctx.io, `[${target}] in your credentials file was not written by Rolecall. Replace it? A backup is written first. [y/N] `);
        if (!/^y(es)?$/i.test(answer.trim())) return 1;
        takeOver = true;
        continue;
      }
      throw e;
    }
  }
}

/**
 * `--mfa -`: the code as one line on stdin, so it never shows in the process list as `--mfa CODE`
 * does (`pass otp aws | rolecall switch admin --mfa -`). The code itself is never repeated.
 */
export async function mfaCodeFromStdin(ctx: CommandContext): Promise<string> {
  const [line = ''] = await readLines(ctx.io, 1);
  const code = line.trim();
  if (!isMfaCode(code)) {
    throw new UsageError(
      `${code === '' ? '--mfa - reads the MFA code from stdin, but stdin was empty.' : `--mfa - reads the MFA code from stdin, but its first line is not 6 digits (${code.length} characters).`} ` +
        'Pipe in the code your MFA device shows, e.g. printf \'%s\\n\' "$CODE" | rolecall switch PROFILE --mfa -',
    );
  }
  return code;
}

function report(ctx: CommandContext, s: ActiveSession, json: boolean): void {
  if (json) {
    out(ctx, JSON.stringify({ profile: s.profile, ...sessionJson(s), account: s.account, notes: s.notes }, null, 2));
    return;
  }
  out(ctx, `Switched to ${s.profile} as ${s.identityArn}`);
  out(ctx, `Credentials in profile "${s.target}", valid until ${s.expiresAt} (${formatRemaining(s.expiresAt, ctx.now())}).`);
  out(ctx, s.heldBy === 'cli' ? 'Nobody refreshes it (neither the app nor "rolecall agent" runs): it lasts until it expires.' : `${s.heldBy === 'app' ? 'The Rolecall app' : 'rolecall agent'} keeps it fresh.`);
  for (const line of elevationLines(s, ctx.now())) out(ctx, line);
  for (const note of s.notes) info(ctx, `note: ${note}`);
  if (s.target !== 'default') info(ctx, `Use it with: aws --profile ${s.target} … (or export AWS_PROFILE=${s.target})`);
}
