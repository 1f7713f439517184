/**
 * The words of `rolecall --help`, `rolecall <command> --help` and the shell completions. Typed
 * against COMMAND_OPTIONS: every option a command parses must have a line here and nothing here may
 * name an option that does not parse, so help and parsing cannot drift apart. Loaded only for help
 * and completion, never on `credential-process`'s fast path.
 */
import type { COMMAND_OPTIONS, CommandName } from '../command-options';

/** What a positional argument or an option's value is, for completion. */
export type Completes = 'profile' | 'shell' | 'command';

export interface OptionHelp {
  /** Placeholder for a string option's value (`--target NAME`). */
  value?: string;
  text: string;
  completes?: Completes;
}

type OptionsOf<C extends CommandName> = (typeof COMMAND_OPTIONS)[C]['options'];

export interface CommandHelp<C extends CommandName> {
  summary: string;
  /** Usage after the command name, e.g. `<profile>`; options are appended from the table. */
  args: string;
  /** What positional arguments are, for completion. */
  completes?: Completes;
  /** More lines under the usage: input formats, what is written where, caveats. */
  details?: readonly string[];
  options: { readonly [O in keyof OptionsOf<C>]: OptionHelp };
}

export const COMMAND_HELP: { readonly [C in CommandName]: CommandHelp<C> } = {
  add: {
    summary: 'store a source profile\'s access keys in the keychain',
    args: '<name>',
    details: ['Reads the access key ID and secret from stdin (two lines) or from a hidden prompt on a terminal.'],
    options: {
      'mfa-serial': { value: 'ARN', text: 'the MFA device of this IAM user (arn:aws:iam::ACCOUNT:mfa/NAME)' },
      'no-verify': { text: 'do not check the keys with sts:GetCallerIdentity' },
      force: { text: 'replace keys already stored under this name' },
      'write-config': { text: 'also append [profile NAME] with mfa_serial/region to the config file, if it has none' },
      region: { value: 'REGION', text: 'with --write-config: the region to write into [profile NAME] (e.g. eu-west-1)' },
    },
  },
  import: {
    summary: 'move plaintext keys from the credentials file into the keychain',
    args: '[NAME…]',
    completes: 'profile',
    options: {
      scrub: { text: 'then remove the keys from the credentials file (a backup is written first)' },
      json: { text: 'print the result as JSON' },
    },
  },
  remove: {
    summary: 'delete a source profile\'s keys from the keychain',
    args: '<name>',
    completes: 'profile',
    options: { yes: { text: 'do not ask for confirmation (needed without a terminal)' } },
  },
  rotate: {
    summary: 'replace a keychain source\'s access key with a new one (IAM CreateAccessKey, then DeleteAccessKey)',
    args: '<source>',
    completes: 'profile',
    details: [
      'Creates a new key, stores it in the keychain, waits until AWS accepts it (up to ~30 s), then deletes the old key.',
      'With mfa_serial the IAM calls use an MFA session (asked for on a terminal). An interrupted rotation is finished or rolled back first.',
      'Needs iam:CreateAccessKey, iam:DeleteAccessKey, iam:ListAccessKeys and iam:GetAccessKeyLastUsed on the user itself.',
    ],
    options: {
      mfa: { value: '-', text: 'read the MFA code from stdin (one line) instead of asking' },
      yes: { text: 'when the user already has two keys, delete the one not in the keychain without asking' },
    },
  },
  list: {
    summary: 'every profile, its chain, MFA device, region, problems and session',
    args: '',
    options: { json: { text: 'print the profiles as JSON' } },
  },
  switch: {
    summary: 'write a profile\'s session credentials into a target profile',
    args: '<profile>',
    completes: 'profile',
    details: [
      'On a terminal Rolecall asks for the MFA code when one is needed.',
      '--mfa CODE is visible to other processes (ps); prefer the prompt, or --mfa - with the code on stdin.',
    ],
    options: {
      target: { value: 'NAME', text: 'the profile that receives the credentials (default: the profile\'s target setting, else default)', completes: 'profile' },
      'take-over': { text: 'replace a target section Rolecall did not write (a backup is written first)' },
      mfa: { value: 'CODE|-', text: 'the 6-digit MFA code; "-" reads it from stdin (one line)' },
      duration: { value: 'SECONDS', text: 'session length, 900 to 129600 seconds' },
      for: { value: 'LENGTH', text: 'time-boxed elevation (15m, 30m, 1h; 1 min to 12 h): then the app or agent puts the target back on its baseline' },
      json: { text: 'print the session as JSON' },
    },
  },
  exec: {
    summary: 'run a command (or your shell) with a profile\'s session in its environment',
    args: '<profile> [-- <command> [args…]]',
    completes: 'profile',
    details: [
      'Sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION, ROLECALL_PROFILE and,',
      'when the profile chain has a region, AWS_REGION and AWS_DEFAULT_REGION; removes AWS_PROFILE and other credential variables.',
      'Without a command it starts $SHELL. The exit status is the command\'s (128 + n when signal n ended it).',
      '--server sets AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN instead of the keys, and keeps the session fresh until the command exits.',
    ],
    options: {
      mfa: { value: 'CODE|-', text: 'the 6-digit MFA code; "-" reads it from stdin (one line)' },
      duration: { value: 'SECONDS', text: 'session length, 900 to 129600 seconds' },
      json: { text: 'print the environment as JSON instead of running anything' },
      force: { text: 'run even inside another rolecall exec (ROLECALL_PROFILE set)' },
      server: { text: 'serve the session on a local container-credentials endpoint that SDKs refresh from, instead of static keys' },
      'no-session': { text: 'for a source profile: its long-term keys instead of a session (a warning is printed)' },
      listen: { value: 'ADDR', text: 'with --server: listen on this address (e.g. a docker bridge) instead of 127.0.0.1; anyone reaching it with the token gets the credentials' },
    },
  },
  env: {
    summary: 'print a profile\'s session as commands for your shell to evaluate',
    args: '<profile>',
    completes: 'profile',
    details: [
      'sh, bash, zsh: eval "$(rolecall env admin)"',
      'fish: rolecall env admin --format fish | source',
      'PowerShell: rolecall env admin --format powershell | Invoke-Expression',
    ],
    options: {
      format: { value: 'sh|fish|powershell|dotenv', text: 'the syntax to print (default: sh)' },
      mfa: { value: 'CODE|-', text: 'the 6-digit MFA code; "-" reads it from stdin (one line)' },
      duration: { value: 'SECONDS', text: 'session length, 900 to 129600 seconds' },
      force: { text: 'print even inside a rolecall exec (ROLECALL_PROFILE set)' },
      'no-session': { text: 'for a source profile: its long-term keys instead of a session (a warning is printed)' },
    },
  },
  status: {
    summary: 'active sessions',
    args: '',
    options: { json: { text: 'print the sessions as JSON' } },
  },
  agent: {
    summary: 'hold your sessions headless: refresh them, serve the CLI and credential_process',
    args: '',
    details: [
      'Runs in the foreground until Ctrl-C (SIGINT) or SIGTERM: the tray app\'s session owner without the tray, for Linux servers, WSL, dev containers and SSH sessions.',
      'At start it adopts the sessions your credentials file\'s markers show and removes those that have expired (if "remove expired" is on). While it runs, rolecall switch, signout, status, list and credential-process go through it, and it refreshes every session before it ends.',
      'It has no popup: when a refresh needs an MFA code, the session runs out and the next rolecall command asks for the code on its terminal. It refuses to start beside the app or another agent.',
    ],
    options: {},
  },
  signout: {
    summary: 'end a session: its target falls back to its baseline, or is emptied',
    args: '<profile|target>',
    completes: 'profile',
    details: [
      'A target\'s baseline is the session it held before you switched something else onto it (e.g. your read-only "me" under "admin"), or the one chosen in Settings. Signing out of the elevated session puts the baseline back; signing out of the baseline empties the target.',
      'When the baseline needs an MFA code, the elevated session ends first and Rolecall then asks for the code (on a terminal, or in the app\'s popup).',
    ],
    options: {
      all: { text: 'sign out of every session and forget cached MFA sessions (no fallback)' },
      'no-fallback': { text: 'sign out completely: leave the target empty instead of falling back to its baseline' },
      mfa: { value: 'CODE|-', text: 'the baseline\'s MFA code, if falling back needs one; "-" reads it from stdin' },
      json: { text: 'print what ended and what each target fell back to as JSON' },
    },
  },
  extend: {
    summary: 'give a time-boxed elevation (switch --for) more time',
    args: '<target|profile>',
    completes: 'profile',
    details: ['Only the marker in the credentials file changes (no AWS call). An elevation lasts at most 12 hours from now.'],
    options: {
      for: { value: 'LENGTH', text: 'how much longer (default 15m; 15m, 30m, 1h …)' },
      json: { text: 'print the session as JSON' },
    },
  },
  'credential-process': {
    summary: 'print credentials for the AWS CLI\'s credential_process',
    args: '',
    details: ['Asks the running app first; without it, resolves here and prompts on the controlling terminal, if any.'],
    options: { profile: { value: 'NAME', text: 'the profile to serve (default: AWS_PROFILE)', completes: 'profile' } },
  },
  login: {
    summary: 'open the AWS console signed in as a profile',
    args: '<profile>',
    completes: 'profile',
    options: {
      region: { value: 'REGION', text: 'the console region (default: the profile\'s)' },
      path: { value: 'PATH', text: 'the console page to open, e.g. s3 or ec2/home' },
      stdout: { text: 'print the sign-in URL instead of opening a browser' },
      federation: { text: 'for a plain IAM user: sign in with a federation token (its limits are printed first)' },
    },
  },
  'setup-credential-process': {
    summary: 'write a config profile whose credential_process runs Rolecall',
    args: '<profile>',
    completes: 'profile',
    options: {
      as: { value: 'NAME', text: 'the name of the profile to write (default: <profile>-rolecall)' },
      'take-over': { text: 'replace a section Rolecall did not write (a backup is written first)' },
    },
  },
  doctor: {
    summary: 'check the keychain, AWS files, environment and clock',
    args: '',
    options: {
      json: { text: 'print the findings as JSON' },
      'fix-bom': { text: 'first remove a byte order mark the AWS CLI cannot parse from the AWS files (a backup is written first)' },
      'clean-backups': { text: 'first redact the secret keys in backups and other files beside the AWS files (asks first)' },
      yes: { text: 'with --clean-backups: do not ask for confirmation' },
    },
  },
  sso: {
    summary: 'IAM Identity Center: sign in to an sso-session, list its accounts and roles, write profiles for them',
    args: '<login|logout|list|sync> <session>',
    details: [
      'rolecall sso login <session> [--device-code] [--no-browser]   sign in (browser with PKCE; a code to confirm otherwise)',
      'rolecall sso logout <session>                                 revoke the token and remove it from ~/.aws/sso/cache',
      'rolecall sso list <session> [--json]                          every account and role the portal offers you',
      'rolecall sso sync <session> [--prefix P] [--print] [--yes]    add a [profile <account>/<role>] for each role without one',
      '',
      '<session> is an [sso-session NAME] section of ~/.aws/config (sso_start_url, sso_region). The token is kept where',
      'the AWS CLI keeps it (~/.aws/sso/cache/<sha1 of NAME>.json, 0600): aws sso login and rolecall sso login serve each other.',
      'sync writes sso_session, sso_account_id, sso_role_name and region (the session\'s sso_region) into each new profile,',
      'marked as Rolecall\'s; a later sync rewrites only its own sections, never yours (a backup is written first).',
    ],
    options: {
      'device-code': { text: 'login: sign in with a code shown here, confirmed in any browser (no loopback redirect)' },
      'no-browser': { text: 'login: do not open a browser; print the URL and code to open yourself' },
      json: { text: 'list: print the accounts and roles as JSON' },
      prefix: { value: 'P', text: 'sync: put P in front of every profile name (e.g. --prefix work-)' },
      print: { text: 'sync: print the sections it would add and write nothing' },
      yes: { text: 'sync: write without asking (needed without a terminal)' },
    },
  },
  completion: {
    summary: 'print a shell completion script',
    args: '<bash|zsh|fish>',
    completes: 'shell',
    details: [
      'bash: eval "$(rolecall completion bash)" in ~/.bashrc',
      'zsh:  eval "$(rolecall completion zsh)" in ~/.zshrc, after compinit',
      'fish: rolecall completion fish > ~/.config/fish/completions/rolecall.fish',
    ],
    options: {},
  },
  help: {
    summary: 'show help for a command',
    args: '[command]',
    completes: 'command',
    options: {},
  },
};
