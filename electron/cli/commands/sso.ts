/**
 * `rolecall sso login|logout|list|sync <session>`: IAM Identity Center from the terminal. The token
 * goes to the AWS CLI's own cache, so a sign-in here serves `aws`, boto3 and Rolecall alike. These
 * commands need neither the keychain nor the app: they work on the shared files and the portal.
 */
import { spawn } from 'node:child_process';
import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import { RolecallError } from '../../core/errors';
import { resolveAwsPaths } from '../../core/aws-files/paths';
import { readSharedFiles } from '../../core/aws-files/read';
import { browserOpener } from '../../core/console/browser-opener';
import { systemClock, type Clock } from '../../core/sessions/clock';
import { ssoSessionSource, type SsoTokenSource } from '../../core/sso/config';
import { ssoLogin, ssoLogout } from '../../core/sso/login';
import type { SsoDeps } from '../../core/sso/token-provider';
import { syntaxOf } from '../command-options';
import { type CommandContext, info, out, UsageError, usageError } from '../context';

type SsoValues = ReturnType<typeof parseSso>['values'];

function parseSso(ctx: CommandContext) {
  return parseArgs({ args: ctx.args, ...syntaxOf('sso') });
}

/** Which options each subcommand takes: any other is a usage error naming the subcommand. */
const ALLOWED: Record<string, readonly (keyof SsoValues)[]> = {
  login: ['device-code', 'no-browser'],
  logout: [],
  list: ['json'],
  sync: ['prefix', 'print', 'yes'],
};

export interface SsoCommandSetup {
  readonly deps: SsoDeps;
  readonly source: SsoTokenSource;
  readonly paths: ReturnType<typeof resolveAwsPaths>;
  readonly files: Awaited<ReturnType<typeof readSharedFiles>>;
}

/**
 * The system clock with timers that keep the process alive: a sign-in waiting for the next poll or
 * for the browser is all this process does (the core's clock unrefs its timers for the app).
 */
const waitingClock: Clock = {
  now: () => systemClock.now(),
  setTimer: (fn, ms) => setTimeout(fn, Math.max(ms, 0)),
  clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** The shared start of every subcommand: the files, the `[sso-session]` (checked), the deps. */
async function setup(ctx: CommandContext, session: string): Promise<SsoCommandSetup> {
  const home = homedir();
  const paths = resolveAwsPaths(ctx.env, home);
  const files = await readSharedFiles(paths);
  return { deps: { env: ctx.env, home, clock: waitingClock }, source: ssoSessionSource(files, session), paths, files };
}

export async function ssoCommand(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseSso(ctx);
  const [sub, session, ...extra] = positionals;
  if (!sub || !Object.hasOwn(ALLOWED, sub) || !session || extra.length) throw await usageError('sso');
  const allowed = ALLOWED[sub]!;
  for (const option of Object.keys(values) as (keyof SsoValues)[]) {
    if (values[option] !== undefined && !allowed.includes(option)) throw new UsageError(`--${option} is not an option of "rolecall sso ${sub}". Run "rolecall sso --help".`);
  }
  const s = await setup(ctx, session);
  if (sub === 'login') return login(ctx, s, values);
  if (sub === 'logout') return logout(ctx, s);
  const discovery = await import('./sso-discovery');
  return sub === 'list' ? discovery.ssoList(ctx, s, values.json === true) : discovery.ssoSync(ctx, s, { prefix: values.prefix ?? '', print: values.print === true, yes: values.yes === true });
}

/** Opens `url` with the system opener; rejects when none can be started or it reports failure. */
function openWithSystemBrowser(ctx: CommandContext, url: string): Promise<void> {
  const opener = browserOpener(url, { env: ctx.env });
  return new Promise((resolve, reject) => {
    const child = spawn(opener.file, opener.args, { stdio: 'ignore', env: ctx.env });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${opener.file} exited with ${code}`))));
  });
}

async function login(ctx: CommandContext, s: SsoCommandSetup, values: SsoValues): Promise<number> {
  const { source } = s;
  const abort = new AbortController();
  const onSigint = (): void => abort.abort();
  process.once('SIGINT', onSigint);
  info(ctx, `Signing in to ${source.startUrl} (IAM Identity Center in ${source.region})…`);
  try {
    const result = await ssoLogin(s.deps, source, {
      ...(values['device-code'] ? { deviceCode: true } : {}),
      ...(values['no-browser']
        ? {}
        : {
            openBrowser: async (url: string) => {
              await openWithSystemBrowser(ctx, url);
              info(ctx, 'Opened the sign-in page in your browser; waiting for you to finish there (Ctrl-C cancels)…');
            },
          }),
      onFallback: () => info(ctx, 'No browser could be opened here: signing in with a code instead.'),
      onPrompt: (p) => {
        info(ctx, `To sign in, open ${p.verificationUriComplete}`);
        info(ctx, `in a browser on any device and confirm the code: ${p.userCode}`);
        info(ctx, `(the code expires at ${p.expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z')}; Ctrl-C cancels)`);
      },
      signal: abort.signal,
    });
    out(ctx, `Signed in to sso-session "${source.sessionName}"; the token is valid until ${result.expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z')} and is refreshed when it runs out.`);
    return 0;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

async function logout(ctx: CommandContext, s: SsoCommandSetup): Promise<number> {
  const removed = await ssoLogout(s.deps, s.source);
  out(ctx, removed ? `Signed out of sso-session "${s.source.sessionName}" (the token was revoked and removed from ~/.aws/sso/cache).` : `Not signed in to sso-session "${s.source.sessionName}": nothing to remove.`);
  return 0;
}

/** For the discovery subcommands: a refusal to write without --yes when nobody can be asked. */
export function needsYes(): RolecallError {
  return new RolecallError('InvalidInput', 'Refusing to change ~/.aws/config without confirmation.', { action: 'Run again with --yes, or with --print to see what would be written.' });
}
