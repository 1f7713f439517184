/**
 * The handler map: one async function per contract channel, over the core facade. Plain code with no
 * Electron import, so main registers it behind `registerIpc`, unit tests call it directly and the
 * renderer's browser harness binds `window.api` to the very same functions.
 *
 * Every handler returns a `Result`: core errors become `{code, message, action}` through
 * `toErrorInfo` (unknown errors a generic `Internal`, never a stack), and every value passes through
 * `toWire`, so nothing secret-shaped leaves main even if a core type grows one.
 */
import type { RolecallCore, Settings } from '../core/facade/app-core-types';
import { toErrorInfo } from '../core/errors';
import { fail, ok, type AppInfo, type Capabilities, type Handlers, type Result } from '../shared/ipc';
import { publicMfaRequest, publicSession, publicSignOut, toWire } from './public-data';
import type { ConsoleActions } from './tray-commands';
import { createRotationHandlers, type RotationHandlerOptions } from './rotation-handlers';
import { RolecallError } from '../core/errors';

export interface HandlerOptions extends RotationHandlerOptions {
  /** Versions and paths for the About view; main fills them from `app` and `process`. */
  appInfo(): Omit<AppInfo, 'capabilities' | 'notices'>;
  capabilities: Capabilities;
  /** Console sign-in actions (clipboard, browser) — main-side, so the URL never reaches the renderer. */
  console?: ConsoleActions;
  /** Applies settings the OS owns (start at login) after the core stored them. */
  onSettingsChanged?(settings: Settings): void | Promise<void>;
  /**
   * The argv that starts the `rolecall` CLI with a plain Node, for the `credential_process` line the
   * AWS CLI will run. Main's choice (a renderer naming a command would be code execution); absent in
   * a build or harness that ships no CLI, and then the channel answers a typed refusal.
   */
  cliCommand?: () => string[];
}

async function run<T>(work: () => Promise<T> | T): Promise<Result<T>> {
  try {
    return ok(toWire(await work()));
  } catch (e) {
    return fail(toErrorInfo(e));
  }
}

export function createHandlers(core: RolecallCore, opts: HandlerOptions): Handlers {
  return {
    'profiles:list': () =>
      run(async () => {
        const listing = await core.listProfiles();
        return { ...listing, sessions: listing.sessions.map(publicSession) };
      }),
    'sources:add': (input) =>
      run(async () => {
        const r = await core.addSource(input);
        // rebuilt from known fields: the reply to the one call that carries a secret must not echo it
        return {
          name: r.name,
          accessKeyId: r.accessKeyId,
          ...(r.identityArn !== undefined ? { identityArn: r.identityArn } : {}),
          ...(r.config !== undefined ? { config: { file: r.config.file, section: r.config.section, written: r.config.written } } : {}),
          ...(r.notes !== undefined ? { notes: [...r.notes] } : {}),
        };
      }),
    'sources:remove': ({ name }) => run(async () => (await core.removeSource(name), null)),
    'sources:import': (input) => run(() => core.importSources({ scrub: input.scrub, ...(input.names ? { names: input.names } : {}) })),
    'sessions:switch': ({ profile, ...rest }) => run(async () => publicSession(await core.switchTo(profile, { ...rest, promptForMfa: true }))),
    'sessions:refresh': ({ target }) => run(async () => publicSession(await core.refresh(target))),
    'sessions:signOut': ({ target, noFallback }) => run(async () => publicSignOut(await core.signOut(target, { noFallback: noFallback === true, promptForMfa: true }))),
    'sessions:extend': ({ target, seconds }) => run(async () => publicSession(await core.extend(target, seconds))),
    'sessions:signOutAll': () => run(async () => (await core.signOutAll(), null)),
    'sessions:list': () => run(() => core.sessions().map(publicSession)),
    'mfa:submit': ({ mfaSerial, code }) => run(async () => (await core.submitMfaCode(mfaSerial, code), null)),
    'mfa:cancel': ({ mfaSerial }) => run(() => (core.cancelMfa(mfaSerial), null)),
    'mfa:pending': () => run(() => core.pendingMfa().map(publicMfaRequest)),
    'settings:get': () => run(() => core.getSettings()),
    'settings:update': (patch) =>
      run(async () => {
        const next = await core.updateSettings(patch);
        await opts.onSettingsChanged?.(next);
        return next;
      }),
    'app:info': () => run(() => ({ ...opts.appInfo(), capabilities: { ...opts.capabilities }, notices: core.startupNotices() })),
    'console:copyUrl': ({ profile }) => run(async () => (await consoleActions(opts).copySignInUrl(profile), null)),
    'doctor:run': () => run(() => core.runDoctor()),
    'doctor:secretLeftovers': () => run(() => core.findSecretLeftovers()),
    'doctor:cleanSecretLeftovers': () => run(() => core.cleanSecretLeftovers()),
    'doctor:fixBom': () => run(async () => (await core.removeByteOrderMarks()).map((r) => ({ file: r.file, ...(r.backupPath !== undefined ? { backupPath: r.backupPath } : {}) }))),
    'console:open': ({ profile }) => run(async () => (await consoleActions(opts).openConsole(profile), null)),
    'profiles:setupCredentialProcess': ({ profile, as, takeOver }) =>
      run(async () => {
        const r = await core.setupCredentialProcess(profile, { as, command: cliCommand(opts), ...(takeOver === undefined ? {} : { takeOver }) });
        return { section: r.section, profileName: r.profileName, ...(r.backupPath !== undefined ? { backupPath: r.backupPath } : {}) };
      }),
    ...createRotationHandlers(core, opts),
  };
}

function cliCommand(opts: HandlerOptions): string[] {
  if (!opts.cliCommand) {
    throw new RolecallError('Internal', 'The rolecall command is not available in this build.', {
      action: 'Run "rolecall setup-credential-process <profile>" from a terminal instead.',
    });
  }
  return opts.cliCommand();
}

function consoleActions(opts: HandlerOptions): ConsoleActions {
  if (!opts.console) {
    throw new RolecallError('ConsoleUnsupported', 'Console sign-in is not available in this window.', { action: 'Use the tray menu or "rolecall login <profile>".' });
  }
  return opts.console;
}
