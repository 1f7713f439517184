/**
 * The Electron main process: wiring only. Lifecycle (single instance, tray-resident, clean quit),
 * the core with a utility-process keychain worker, IPC behind the sender check, the tray, windows,
 * MFA popups and notifications. Every piece it wires is an Electron-free module with its own tests.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, nativeImage, Notification, protocol, session, shell, Tray, utilityProcess } from 'electron';
import { startAgent } from '../core/agent/agent';
import type { Settings } from '../core/facade/app-core-types';
import { toErrorInfo } from '../core/errors';
import { eventWireName } from '../shared/ipc';
import { applyApplicationMenu } from './app-menu';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { createConsoleActions } from './console-actions';
import { requireNodeOnPath } from '../core/credential-process/find-node';
import { toTraySession, wireCoreEvents } from './core-events';
import { createHandlers } from './ipc-handlers';
import { registerIpc } from './ipc-register';
import { applyStartAtLogin, autostartDirFor, HIDDEN_FLAG } from './login-item';
import { MfaPopupController } from './mfa-popup';
import { SessionNotifier } from './notifications';
import { createTrayCommandHandler } from './tray-commands';
import { switchableProfiles } from './tray-menu';
import { TrayService } from './tray-service';
import { createSenderCheck } from './trusted-sender';
import { createWillQuit } from './quit-sequence';
import { RotationStartup } from './rotation-startup';
import { createUtilityProcessLauncher } from './utility-launcher';
import { hardenSession, hardenWebContents, openExternalSafely, openSignInUrl } from './web-security';
import { SecretClipboard } from './clipboard-guard';
import { systemClock } from '../core/sessions/clock';
import { AppWindows } from './windows';

const RENDERER_DIR = join(__dirname, '../renderer');
const PRELOAD = join(__dirname, '../preload/index.js');
const KEYCHAIN_WORKER = join(__dirname, 'keychain-worker.js');
const ASSETS = app.isPackaged ? join(process.resourcesPath, 'assets') : join(__dirname, '../../assets');
const DEV_SERVER = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
/**
 * The `rolecall` CLI that a `credential_process` line runs. It is started with `node` from PATH, not
 * with this executable: the RunAsNode fuse is off (electron-builder.yml), so ELECTRON_RUN_AS_NODE is
 * ignored and the Electron binary cannot act as Node. Packaged, the CLI sits outside the asar archive
 * (`asarUnpack`: bin/**, out/cli/** and the packages they load) because plain Node cannot read inside one.
 */
const CLI_PATH = app.isPackaged ? join(process.resourcesPath, 'app.asar.unpacked', 'bin', 'rolecall.cjs') : join(app.getAppPath(), 'bin', 'rolecall.cjs');

function trayIcons(): { idle: Electron.NativeImage; active: Electron.NativeImage; elevated?: Electron.NativeImage } {
  if (process.platform === 'darwin') {
    // a template image follows the menu bar's light/dark look; the title carries the countdown
    const template = nativeImage.createFromPath(join(ASSETS, 'trayTemplate.png'));
    template.setTemplateImage(true);
    return { idle: template, active: template };
  }
  const icon = (name: string): Electron.NativeImage => nativeImage.createFromPath(join(ASSETS, name));
  return { idle: icon('tray.png'), active: icon('tray-active.png'), elevated: icon('tray-elevated.png') };
}

function openExternal(url: string): void {
  void openExternalSafely(shell, url).catch(() => undefined);
}

async function start(): Promise<void> {
  await app.whenReady();
  // Windows shows notifications only for an app with an identity matching its installer's shortcut
  if (process.platform === 'win32') app.setAppUserModelId('dev.rolecall.app');
  hardenSession(session.defaultSession, DEV_SERVER);
  serveRenderer(protocol, RENDERER_DIR);
  if (app.isPackaged) applyApplicationMenu(Menu, process.platform);

  // The app embeds the agent: the one owner of sessions, and the channel the CLI and credential_process use.
  const agent = await startAgent({
    holder: 'app',
    version: app.getVersion(),
    env: process.env,
    keychainLauncher: createUtilityProcessLauncher({ fork: (path, args, options) => utilityProcess.fork(path, args, options), modulePath: KEYCHAIN_WORKER }),
  });
  const core = agent.core;

  const windows = new AppWindows({
    create: (options) =>
      new BrowserWindow({
        ...options,
        // restated at the constructor: whatever options arrive, these cannot be weakened
        webPreferences: { ...options.webPreferences, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, disableBlinkFeatures: 'Auxclick', devTools: !app.isPackaged },
      }),
    preloadPath: PRELOAD,
    location: { isPackaged: app.isPackaged, devServerUrl: DEV_SERVER },
    devTools: !app.isPackaged,
    icon: join(ASSETS, 'icon.png'),
    onLoadError: (e) => console.error('Rolecall: the window could not load its page:', e instanceof Error ? e.message : e),
  });
  const popups = new MfaPopupController({ createPopup: (serial) => windows.createMfaPopup(serial), cancel: (serial) => core.cancelMfa(serial) });
  const notifier = new SessionNotifier({
    show: ({ title, body, onClick, actions }) => {
      if (!Notification.isSupported()) return;
      // buttons exist on macOS only; elsewhere the click opens the window, which has the same actions
      const buttons = process.platform === 'darwin' && actions?.length ? actions : undefined;
      const n = new Notification({ title, body, silent: false, ...(buttons ? { actions: buttons.map((a) => ({ type: 'button' as const, text: a.label })) } : {}) });
      if (onClick) n.on('click', onClick);
      if (buttons) n.on('action', (_event, index) => buttons[index]?.run());
      n.show();
    },
    extend: (target) => void core.extend(target).catch((e: unknown) => notice(`Could not extend ${target}`, toErrorInfo(e).message, 'warning')),
    enabled: () => core.getSettings().notifications,
    pendingMfa: () => core.pendingMfa(),
    openMfaPopup: (serial) => popups.show(serial),
    openMainWindow: () => windows.showMain(),
    formatTime: (d) => d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
  });

  /** A message for the user: to open windows (event) and as a desktop notification. */
  const notice = (title: string, message: string, level: 'info' | 'warning'): void => {
    windows.broadcast(eventWireName('notice'), { message, level });
    notifier.notice(title, message);
  };

  const secretClipboard = new SecretClipboard({ writeText: (t) => clipboard.writeText(t), readText: () => clipboard.readText(), clear: () => clipboard.clear() }, systemClock);
  const consoleActions = createConsoleActions({
    core,
    writeClipboard: (text) => secretClipboard.copy(text),
    openInBrowser: (url) => openSignInUrl(shell, url),
    copied: () => notice('Console sign-in URL copied', 'Paste it into your browser within 15 minutes.', 'info'),
  });
  const onTrayCommand = createTrayCommandHandler({
    core,
    showError: (message) => tray.update({ error: message }),
    switched: (s) => notifier.switched(s),
    signedOut: (r) => notifier.signedOut(r),
    openMfaPopup: (serial) => popups.show(serial),
    openMainWindow: () => windows.showMain(),
    quit: () => app.quit(),
    console: consoleActions,
  });
  const tray = new TrayService({
    createTray: (image) => {
      const t = new Tray(image);
      t.on('click', () => windows.showMain());
      return t;
    },
    buildMenu: (template) => Menu.buildFromTemplate(template),
    icons: trayIcons(),
    now: () => Date.now(),
    timers: { setTimeout: (cb, ms) => setTimeout(cb, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
    onCommand: (command) => void onTrayCommand(command),
  });
  // interrupted rotations and old-key notices: only after a listing in which the keychain answered
  const keyCheck = new RotationStartup({ core, notice: (title, message) => notice(title, message, 'warning'), now: () => Date.now(), timers: { setTimeout: (cb, ms) => setTimeout(cb, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) } });
  // a listing failure (e.g. a locked keychain) shows in the tray until a later listing succeeds
  let listingError: string | undefined;
  const refreshProfiles = (): void => {
    core.listProfiles().then(
      (listing) => {
        const clear = listingError !== undefined && tray.current().error === listingError;
        listingError = undefined;
        tray.update({ profiles: switchableProfiles(listing.profiles, core.getSettings().elevatedProfiles), ...(clear ? { error: undefined } : {}) });
        keyCheck.afterListing(listing);
      },
      (e: unknown) => {
        listingError = toErrorInfo(e).message;
        tray.update({ error: listingError });
      },
    );
  };

  const applySettings = (s: Settings): Promise<void> =>
    applyStartAtLogin(s.startAtLogin, {
      platform: process.platform,
      setLoginItemSettings: (opts) => app.setLoginItemSettings(opts),
      executable: process.env.APPIMAGE ?? process.execPath,
      autostartDir: autostartDirFor(process.env, homedir()),
    });

  const handlers = createHandlers(core, {
    appInfo: () => ({
      name: app.getName(),
      version: app.getVersion(),
      platform: process.platform,
      versions: { electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node },
      paths: { configFile: core.paths.configFile, credentialsFile: core.paths.credentialsFile, appDataDir: core.appDataDir },
    }),
    capabilities: { console: true },
    console: consoleActions,
    onSettingsChanged: (s) => {
      // elevated marks and baselines show in the tray (W4)
      tray.update({ sessions: core.sessions().map((x) => toTraySession(x, s)) });
      refreshProfiles();
      return applySettings(s);
    },
    // an absolute node: a bare one would be looked up in the caller's current directory on Windows
    cliCommand: () => [requireNodeOnPath(), CLI_PATH],
    broadcast: (c, p) => windows.broadcast(c, p),
  });
  const unregister = registerIpc(ipcMain, handlers, {
    isTrustedSender: createSenderCheck({
      rendererDir: RENDERER_DIR,
      devServerUrl: DEV_SERVER,
      isPackaged: app.isPackaged,
      isOurWebContents: (id) => windows.isOurWebContents(id),
    }),
    onRefused: (channel, url) => console.warn(`Rolecall: refused ${channel} from ${url ?? 'an unknown frame'}`),
  });
  const unsubscribe = wireCoreEvents(core, { broadcast: (c, p) => windows.broadcast(c, p), popups, notifier, tray, refreshProfiles, settings: () => core.getSettings() });

  tray.update({ sessions: core.sessions().map((s) => toTraySession(s, core.getSettings())), pendingMfa: core.pendingMfa().length, console: true });
  refreshProfiles();
  for (const message of core.startupNotices()) notice('Rolecall', message, 'warning');
  applySettings(core.getSettings()).catch((e: unknown) => console.warn('Rolecall: start-at-login:', toErrorInfo(e).message));


  app.on('second-instance', () => windows.showMain());
  app.on('activate', () => windows.showMain());
  app.on('before-quit', () => windows.allowClose());
  app.on(
    'will-quit',
    createWillQuit({
      stop: () => {
        // first and synchronous: a CLI started from now on must not find (and trust) a token
        agent.removeTokenFileSync();
        unsubscribe();
        unregister();
        popups.closeAll();
        tray.dispose();
      },
      finish: () => agent.close(),
      dispose: () => core.dispose(),
      quit: () => app.quit(),
      setTimeout: (cb, ms) => setTimeout(cb, ms),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    }),
  );

  const openedAtLogin = process.argv.includes(HIDDEN_FLAG) || (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);
  if (!openedAtLogin) windows.showMain();
}

if (!app.requestSingleInstanceLock()) {
  // another Rolecall is running: it shows its window (second-instance) and this one leaves
  app.quit();
} else {
  app.enableSandbox();
  registerAppScheme(protocol);
  // every web contents, ours or not, gets the navigation and popup locks before it loads anything
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, openExternal, !app.isPackaged));
  // a tray app keeps running with no window open
  app.on('window-all-closed', () => undefined);
  start().catch((e: unknown) => {
    const info = toErrorInfo(e);
    dialog.showErrorBox('Rolecall could not start', info.action ? `${info.message}\n\n${info.action}` : info.message);
    app.exit(1);
  });
}
