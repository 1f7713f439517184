/**
 * One Rolecall "app" for a browser journey: temp AWS files and app data, the loopback STS, a real
 * core (real keychain unless a test injects a store), the real handler map, and a browser context
 * whose pages get `window.api` from the real preload code bound to that handler map through
 * `exposeBinding`. Core events are forwarded to every open page as main would broadcast them.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createRolecallCore } from '../../../electron/core/facade/app-core';
import type { RolecallCore, Settings } from '../../../electron/core/facade/app-core-types';
import { createKeychainStore, type KeychainStore } from '../../../electron/core/keychain/keychain-store';
import type { SecretStore } from '../../../electron/core/keychain/secret-store';
import { ManualClock, type Clock } from '../../../electron/core/sessions/clock';
import { dispatch } from '../../../electron/main/ipc-dispatch';
import { createHandlers } from '../../../electron/main/ipc-handlers';
import { toRendererEvent } from '../../../electron/main/public-data';
import { eventWireName, type Handlers } from '../../../electron/shared/ipc';
import { AWS_CLI } from '../../fixtures/components';
import type { LoopbackStsOptions } from '../../fixtures/loopback-sts';
import { startLoopbackIam, type LoopbackIam } from '../../fixtures/loopback-iam';
import { watchProblems } from './browser';
import { AXE_PATH, builtRenderer, pageBridgeScript, ROOT } from './renderer-build';
import { serveDirectory, type StaticServer } from './static-server';

const run = promisify(execFile);

/** The IAM user every journey signs in as, with a virtual MFA device on the loopback STS. */
export const ALICE = {
  userName: 'alice',
  accountId: '111122223333',
  accessKeyId: 'AKIAE2EALICE00000001',
  secretAccessKey: 'e2eAliceSecret/abcdefghijklmnopqrstuvwx1',
  mfaSerial: 'arn:aws:iam::111122223333:mfa/alice',
};
export const ADMIN_ROLE = 'arn:aws:iam::444455556666:role/Admin';
export const READONLY_ROLE = 'arn:aws:iam::444455556666:role/ReadOnly';

/** Two MFA-protected roles whose source is the keychain profile `dev`. */
export const CONFIG = `[profile admin]
role_arn = ${ADMIN_ROLE}
source_profile = dev
mfa_serial = ${ALICE.mfaSerial}
region = eu-west-1

[profile readonly]
role_arn = ${READONLY_ROLE}
source_profile = dev
mfa_serial = ${ALICE.mfaSerial}
region = eu-west-1
`;

export interface AppOptions {
  config?: string;
  credentials?: string;
  /** `keychain` (default): the real OS keychain under a private service name. */
  secrets?: SecretStore | 'keychain';
  /**
   * The core's clock. A {@link ManualClock} is shared with every page the app opens (Playwright's
   * clock, paused at the same instant) and, unless `sts.now` says otherwise, with the loopback STS
   * and its TOTP checker: time then moves only through `app.advance`, so no verdict depends on
   * where the wall clock happens to be in a 30 s TOTP step.
   */
  clock?: Clock;
  /**
   * With a ManualClock, whether pages share it (default true). Off for journeys that run axe or
   * other page code needing live timers and assert nothing about time shown in the page.
   */
  pageClock?: boolean;
  sts?: LoopbackStsOptions;
  settings?: Partial<Settings>;
  /** Put ALICE's keys into the keychain as source profile `dev` before the app starts. */
  seedDev?: boolean;
  /** When ALICE's key was created, as IAM's ListAccessKeys reports it (key-age journeys). */
  keyCreateDate?: Date;
  /** The core's backoff while IAM makes a new key known (rotation/wait-usable.ts). */
  rotationVerifyDelaysMs?: readonly number[];
}

export interface App {
  home: string;
  configFile: string;
  credentialsFile: string;
  /** The loopback STS, which also answers the IAM calls of key rotation and key age (AWS_ENDPOINT_URL_IAM). */
  sts: LoopbackIam;
  core: RolecallCore;
  handlers: Handlers;
  context: BrowserContext;
  /** Every main→renderer event sent to the pages (core events and handler broadcasts), in order. */
  sentEvents: Array<{ wire: string; payload: unknown }>;
  /** Only when the real keychain is used: the private service name and a store to inspect it. */
  keychain?: { service: string; store: KeychainStore };
  /** Opens a page on a hash route (`/`, `/sessions`, `/mfa?serial=…`); `problems` collects page errors. */
  open(route?: string, before?: (page: Page) => Promise<void>): Promise<{ page: Page; problems: string[] }>;
  readCredentials(): string;
  /** With a ManualClock: moves the core, the STS and every page forward together. */
  advance(ms: number): Promise<void>;
  /** `/usr/bin/aws sts get-caller-identity --profile <p>` against the loopback STS, with temp HOME and files. */
  callerIdentity(profile: string): Promise<{ Arn: string; Account: string; UserId: string }>;
  close(): Promise<void>;
}

let serial = 0;

export async function startApp(browser: Browser, opts: AppOptions = {}): Promise<App> {
  const home = mkdtempSync(join(tmpdir(), 'rolecall-e2e-'));
  mkdirSync(join(home, '.aws'));
  const configFile = join(home, '.aws', 'config');
  const credentialsFile = join(home, '.aws', 'credentials');
  writeFileSync(configFile, opts.config ?? CONFIG);
  if (opts.credentials !== undefined) writeFileSync(credentialsFile, opts.credentials);

  const manual = opts.clock instanceof ManualClock ? opts.clock : undefined;
  // the SDK signs with the wall clock while the server lives on the manual one: no skew check then
  const sts = await startLoopbackIam(manual && !opts.sts?.now ? { ...opts.sts, now: () => new Date(manual.now()), checkClockSkew: false } : opts.sts);
  const user = sts.addUser({ ...ALICE, ...(opts.keyCreateDate ? { keyCreateDate: opts.keyCreateDate } : {}) });
  sts.addRole({ roleArn: ADMIN_ROLE, trust: [user.arn], requireMfa: true });
  sts.addRole({ roleArn: READONLY_ROLE, trust: [user.arn], requireMfa: true });

  let keychain: App['keychain'];
  let secrets: SecretStore;
  if (opts.secrets === undefined || opts.secrets === 'keychain') {
    const service = `RolecallE2E-${process.pid}-${++serial}`;
    secrets = createKeychainStore({ service });
    keychain = { service, store: createKeychainStore({ service }) };
  } else {
    secrets = opts.secrets;
  }
  if (opts.seedDev) await secrets.setSource('dev', { accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey, mfaSerial: ALICE.mfaSerial });

  const env = {
    HOME: home,
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_ENDPOINT_URL_STS: sts.url,
    AWS_ENDPOINT_URL_IAM: sts.url,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const core = await createRolecallCore({ env, home, appDataDir: join(home, 'app-data'), secrets, stsTimeoutMs: 5000, ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.rotationVerifyDelaysMs ? { rotationVerifyDelaysMs: opts.rotationVerifyDelaysMs } : {}) });
  if (opts.settings) await core.updateSettings(opts.settings);

  const sentEvents: App['sentEvents'] = [];
  const pages: { of?: BrowserContext } = {};
  /** As main's `windows.broadcast`: to every open page. */
  const broadcast = (wire: string, payload: unknown): void => {
    sentEvents.push({ wire, payload });
    for (const page of pages.of?.pages() ?? []) {
      page
        .evaluate(([w, p]) => (globalThis as unknown as { __rolecallEmit?(w: unknown, p: unknown): void }).__rolecallEmit?.(w, p), [wire, payload] as const)
        .catch(() => undefined); // a page that is closing
    }
  };
  const handlers = createHandlers(core, {
    broadcast,
    appInfo: () => ({
      name: 'Rolecall',
      version: '0.1.0',
      platform: 'linux',
      versions: { electron: '41.7.1', chrome: '146.0.0.0', node: process.versions.node },
      paths: { configFile, credentialsFile, appDataDir: join(home, 'app-data') },
    }),
    capabilities: { console: false },
    // as main does, minus the packaged path: the repo's CLI started by the node on PATH
    cliCommand: () => [process.execPath, join(ROOT, 'bin', 'rolecall.cjs')], // absolute, as the app writes it
  });

  const server: StaticServer = await serveDirectory(builtRenderer(), { '/__test__/axe.min.js': AXE_PATH });
  const context = await browser.newContext({ viewport: { width: 1040, height: 760 }, deviceScaleFactor: 1, colorScheme: 'light', reducedMotion: 'reduce' });
  pages.of = context;
  // the untrusted-caller path main uses: schema check, then the handler
  await context.exposeBinding('__rolecallInvoke', (_source, channel: string, payload: unknown) => dispatch(handlers, channel, payload));
  await context.addInitScript({ content: await pageBridgeScript() });

  let pageClock = false;
  const offEvents = core.on((e) => {
    const event = toRendererEvent(e);
    broadcast(eventWireName(event.name), event.payload);
  });

  return {
    home,
    configFile,
    credentialsFile,
    sts,
    core,
    handlers,
    context,
    sentEvents,
    ...(keychain ? { keychain } : {}),
    async open(route = '/', before) {
      const page = await context.newPage();
      const problems = watchProblems(page);
      if (manual && opts.pageClock !== false && !pageClock) {
        // the context's clock, for every page: installed a minute early and paused at the core's
        // instant before anything loads, so page time moves only with the manual clock (`advance`)
        pageClock = true;
        await context.clock.install({ time: manual.now() - 60_000 });
        await context.clock.pauseAt(manual.now());
      }
      if (before) await before(page);
      await page.goto(`${server.url}/index.html#${route}`);
      await page.locator('main').waitFor();
      return { page, problems };
    },
    readCredentials: () => {
      try {
        return readFileSync(credentialsFile, 'utf8');
      } catch {
        return '';
      }
    },
    async advance(ms) {
      if (!manual) throw new Error('app.advance needs a ManualClock (startApp({ clock }))');
      await manual.advance(ms);
      if (pageClock) await context.clock.fastForward(ms);
    },
    async callerIdentity(profile) {
      const { stdout } = await run(AWS_CLI, ['sts', 'get-caller-identity', '--profile', profile, '--endpoint-url', sts.url, '--output', 'json'], {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: credentialsFile, AWS_EC2_METADATA_DISABLED: 'true', AWS_PAGER: '' },
        timeout: 30_000,
      });
      return JSON.parse(stdout) as { Arn: string; Account: string; UserId: string };
    },
    async close() {
      offEvents();
      await context.close().catch(() => undefined);
      core.dispose();
      if (keychain) {
        for (const name of await keychain.store.listSources().catch(() => [] as string[])) {
          await keychain.store.deleteSource(name).catch(() => false);
          await keychain.store.deleteMfaSession(name).catch(() => false);
        }
        keychain.store.close();
        (secrets as KeychainStore).close();
      }
      await server.close();
      await sts.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
