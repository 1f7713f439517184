/**
 * `rolecall credential-process`, `login`, `setup-credential-process`: Rolecall serving the AWS CLI
 * and SDKs directly, and the browser console.
 */
import { parseArgs } from 'node:util';
import { syntaxOf } from '../command-options';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { RolecallError, isRolecallError } from '../../core/errors';
import { type CommandContext, usageError, info, out } from '../context';
import { askMfaCodeOnTty } from '../mfa-prompt';
import { mfaDeviceIn } from '../mfa-device';

/** The AWS CLI re-runs credential_process when less than 15 min remain: hand out more than that. */
const MIN_REMAINING_SECONDS = 960;

export async function credentialProcessCommand(ctx: CommandContext): Promise<number> {
  const { values } = parseArgs({ args: ctx.args, ...syntaxOf('credential-process') });
  const profile = values.profile ?? ctx.env.AWS_PROFILE;
  if (!profile) throw await usageError('credential-process');
  const { requestFromApp } = await import('../../core/credential-process/client');
  const { resolveAppDataDir } = await import('../../core/state/paths');
  const dir = resolveAppDataDir(ctx.env, process.platform);
  let viaApp = await requestFromApp({ dir, profile, minRemainingSeconds: MIN_REMAINING_SECONDS, timeoutMs: 120_000 });
  // a headless `rolecall agent` has no popup: it says MfaRequired, and the code is asked here
  for (let attempt = 0; 'ok' in viaApp && !viaApp.ok && (viaApp.error.code === 'MfaRequired' || viaApp.error.code === 'MfaInvalid') && attempt < 3; attempt++) {
    const code = askMfaCodeOnTty(mfaDeviceIn(viaApp.error.message));
    if (code === undefined) break;
    viaApp = await requestFromApp({ dir, profile, minRemainingSeconds: MIN_REMAINING_SECONDS, timeoutMs: 120_000, mfaCode: code });
  }
  if ('ok' in viaApp) {
    if (!viaApp.ok) throw new RolecallError(viaApp.error.code, viaApp.error.message, viaApp.error.action ? { action: viaApp.error.action } : {});
    out(ctx, JSON.stringify(viaApp.output));
    return 0;
  }
  // The app is not running: resolve here, through the same core.
  const { formatCredentialProcessOutput } = await import('../../core/credential-process/format');
  const core = await ctx.core();
  let code: string | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      const creds = await core.credentialsFor(profile, { minRemainingSeconds: MIN_REMAINING_SECONDS, promptForMfa: false, ...(code ? { mfaCode: code } : {}) });
      out(ctx, formatCredentialProcessOutput(creds));
      return 0;
    } catch (e) {
      const retry = isRolecallError(e) && (e.code === 'MfaRequired' || e.code === 'MfaInvalid') && attempt < 3;
      const serial = isRolecallError(e) ? String(e.details.mfaSerial ?? 'your MFA device') : '';
      const next = retry ? askMfaCodeOnTty(serial) : undefined;
      if (next === undefined) {
        if (isRolecallError(e) && e.code === 'MfaRequired') {
          throw new RolecallError('MfaRequired', `MFA code required for ${serial}, and there is no terminal to ask on.`, {
            action: 'Start the Rolecall app (it asks in a popup), or run "rolecall switch" once in a terminal to open an MFA session.',
            details: { mfaSerial: serial },
          });
        }
        throw e;
      }
      code = next;
    }
  }
}

export async function loginCommand(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({ args: ctx.args, ...syntaxOf('login') });
  const profile = positionals[0];
  if (!profile) throw await usageError('login');
  const opts = {
    ...(values.region ? { region: values.region } : {}),
    ...(values.path ? { path: values.path } : {}),
    federation: values.federation === true,
  };
  // through the running app or agent when there is one: its sessions, its keychain access
  const agent = await ctx.agent();
  const signinUrl = agent
    ? (mfaCode?: string) =>
        agent.login({
          profile,
          ...(opts.region ? { region: opts.region } : {}),
          ...(opts.path ? { consolePath: opts.path } : {}),
          federation: opts.federation,
          ...(mfaCode ? { mfaCode } : {}),
          promptInApp: !ctx.io.interactive,
          requestedBy: `rolecall login ${profile}`,
        })
    : async (mfaCode?: string) => (await ctx.core()).consoleSigninUrl(profile, { ...opts, ...(mfaCode ? { mfaCode } : {}) });
  if (values.federation) {
    const { FEDERATION_LIMITS_NOTICE } = await import('../../core/console/federation-token');
    info(ctx, FEDERATION_LIMITS_NOTICE);
  }
  let result: { url: string };
  try {
    result = await signinUrl();
  } catch (e) {
    if (!isRolecallError(e) || e.code !== 'MfaRequired' || !ctx.io.interactive) throw e;
    const { askMfaCode } = await import('../mfa-prompt');
    result = await signinUrl(await askMfaCode(ctx.io, typeof e.details.mfaSerial === 'string' ? e.details.mfaSerial : mfaDeviceIn(e.message)));
  }
  if (values.stdout) {
    out(ctx, result.url);
    return 0;
  }
  await openInBrowser(ctx, result.url);
  return 0;
}

/**
 * Opens the console through a one-time loopback redirect (one-time-redirect.ts), so the sign-in
 * token never appears in the opener's or the browser's arguments, and waits until the browser has
 * fetched it (or it expired after 60 s): the redirect lives in this process.
 */
async function openInBrowser(ctx: CommandContext, url: string): Promise<void> {
  const [{ startOneTimeRedirect }, { browserOpener }] = await Promise.all([import('../../core/console/one-time-redirect'), import('../../core/console/browser-opener')]);
  const redirect = await startOneTimeRedirect(url);
  try {
    const opener = browserOpener(redirect.url, { env: ctx.env });
    await new Promise<void>((resolve, reject) => {
      const child = spawn(opener.file, opener.args, { stdio: 'ignore', detached: true, env: ctx.env });
      child.once('error', reject);
      child.once('spawn', () => {
        child.unref();
        resolve();
      });
    });
  } catch (e) {
    redirect.close();
    if (isRolecallError(e)) throw e;
    throw new RolecallError('Internal', 'Could not open a browser.', { action: 'Run again with --stdout and open the printed URL yourself.' });
  }
  info(ctx, 'Opening the AWS console in your browser (the one-time link is valid for 60 seconds)…');
  if ((await redirect.done) !== 'served') {
    throw new RolecallError('ConsoleUnsupported', 'The browser did not open the one-time sign-in link within 60 seconds.', {
      action: 'Run the command again, or run it with --stdout and open the printed URL yourself.',
    });
  }
  info(ctx, 'Opened the AWS console (the sign-in link is valid for 15 minutes).');
}

export async function setupCredentialProcessCommand(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({ args: ctx.args, ...syntaxOf('setup-credential-process') });
  const profile = positionals[0];
  if (!profile) throw await usageError('setup-credential-process');
  const core = await ctx.core();
  // the command the AWS CLI will run: this node and this CLI, by absolute path
  const bin = process.argv[1] ? resolve(process.argv[1]) : 'rolecall';
  const result = await core.setupCredentialProcess(profile, {
    as: values.as ?? `${profile}-rolecall`,
    command: [process.execPath, bin],
    ...(values['take-over'] ? { takeOver: true } : {}),
  });
  out(ctx, `Wrote [${result.section}] to ${core.paths.configFile}${result.backupPath ? ` (backup of the previous file: ${result.backupPath})` : ''}.`);
  out(ctx, `Try: aws sts get-caller-identity --profile ${result.profileName}`);
  return 0;
}
