/**
 * `rolecall doctor [--json] [--fix-bom]`: what stands between this desk and working AWS credentials,
 * each finding with its fix. Exit 0 when nothing failed (warnings allowed), 1 otherwise. It never
 * creates the full core: start-up cleans expired sessions, and a diagnosis must change nothing.
 * `--fix-bom` is the one change it makes, and only when asked: the BOM botocore cannot parse goes
 * (after a backup), then the checks run on the result. `--clean-backups` (after a confirmation, or
 * `--yes`) redacts the secret keys left in backups and other files beside the AWS files.
 */
import { parseArgs } from 'node:util';
import { syntaxOf } from '../command-options';
import { type CommandContext, UsageError, info, out } from '../context';
import { prompt } from '../io';
import type { DoctorCheck } from '../../core/doctor';

const LABEL: Record<DoctorCheck['status'], string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' };

export async function doctorCommand(ctx: CommandContext): Promise<number> {
  const { values } = parseArgs({ args: ctx.args, ...syntaxOf('doctor') });
  const [{ runDoctor, doctorPassed, readDoctorState }, { resolveAwsPaths }, { resolveAppDataDir }, { createKeychainStore }, { removeBoms }] = await Promise.all([
    import('../../core/doctor'),
    import('../../core/aws-files/paths'),
    import('../../core/state/paths'),
    import('../../core/keychain/keychain-store'),
    import('../../core/aws-files/bom'),
  ]);
  if (values['fix-bom']) {
    const fixed = await removeBoms(resolveAwsPaths(ctx.env), { now: () => new Date(ctx.now()) });
    for (const f of fixed) info(ctx, `Removed the byte order mark from ${f.file}${f.backupPath ? `; the previous file is at ${f.backupPath}` : ''}`);
    if (fixed.length === 0) info(ctx, 'Neither AWS file starts with a byte order mark: nothing to remove.');
  }
  if (values['clean-backups'] && !(await cleanBackups(ctx, values.yes === true))) return 1;
  const state = await readDoctorState(resolveAppDataDir(ctx.env, process.platform));
  const secrets = createKeychainStore({ service: ctx.env.ROLECALL_KEYCHAIN_SERVICE || 'Rolecall' });
  let checks: DoctorCheck[];
  try {
    const { keyAgeChecks, keyAges, DEFAULT_KEY_MAX_AGE_DAYS } = await import('../../core/rotation/key-age');
    const { createIamCaller } = await import('../../core/rotation/iam-client');
    const maxAgeDays = state.settings.keyMaxAgeDays ?? DEFAULT_KEY_MAX_AGE_DAYS;
    const ages = await keyAges({ secrets, iam: createIamCaller({ env: ctx.env }), now: ctx.now, maxAgeDays }).catch(() => []);
    checks = await runDoctor({
      env: ctx.env,
      paths: resolveAwsPaths(ctx.env),
      secrets,
      settings: state.settings,
      now: ctx.now,
      extra: [state.check, ...keyAgeChecks(ages, maxAgeDays)],
    });
  } finally {
    secrets.close();
  }
  if (values.json) out(ctx, JSON.stringify(checks, null, 2));
  else out(ctx, formatChecks(checks));
  return doctorPassed(checks) ? 0 : 1;
}

/** Redacts the secrets in the leftover files once the user agreed; false when they declined. */
async function cleanBackups(ctx: CommandContext, yes: boolean): Promise<boolean> {
  const [{ findSecretLeftovers, cleanSecretLeftovers }, { resolveAwsPaths }] = await Promise.all([import('../../core/doctor'), import('../../core/aws-files/paths')]);
  const files = await findSecretLeftovers(resolveAwsPaths(ctx.env));
  if (files.length === 0) {
    info(ctx, 'No backups or other files beside the AWS files hold secret keys: nothing to clean.');
    return true;
  }
  if (!yes) {
    if (!ctx.io.interactive) throw new UsageError(`Refusing to redact the secret keys in ${files.length} file(s) without confirmation: pass --yes.`);
    const answer = await prompt(ctx.io, `Redact the secret keys in ${files.join(', ')}? They cannot be recovered from these files. [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) {
      info(ctx, 'Nothing changed.');
      return false;
    }
  }
  for (const f of await cleanSecretLeftovers(files)) info(ctx, `Redacted the secret keys in ${f}`);
  return true;
}

/** The human report: one line per finding, its fix indented under it, then a one-line summary. */
export function formatChecks(checks: readonly DoctorCheck[]): string {
  const lines: string[] = [];
  for (const c of checks) {
    lines.push(`${LABEL[c.status]}  ${c.message}`);
    if (c.fix && c.status !== 'ok') lines.push(`      fix: ${c.fix}`);
  }
  const count = (s: DoctorCheck['status']) => checks.filter((c) => c.status === s).length;
  const warn = count('warn');
  const fail = count('fail');
  lines.push('');
  lines.push(`${checks.length} checks: ${count('ok')} ok, ${warn} warning${warn === 1 ? '' : 's'}, ${fail} failure${fail === 1 ? '' : 's'}.`);
  return lines.join('\n');
}
