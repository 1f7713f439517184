/**
 * One desktop for the built app: a temp HOME with ~/.aws files, the app data folder, a private
 * keychain service in the real (test) gnome-keyring holding ALICE's source keys, and the
 * signature-verifying loopback STS (AWS_ENDPOINT_URL_STS, and its console federation endpoint).
 * The environment handed to the app is built from scratch: no AWS_* or region variables leak in
 * from the machine running the tests.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createKeychainStore, type KeychainStore } from '../../../electron/core/keychain/keychain-store';
import { AWS_CLI } from '../../fixtures/components';
import { startAppProcess, type AppProcess } from '../../fixtures/electron-stand-in/harness';
import type { LoopbackStsOptions } from '../../fixtures/loopback-sts';
import { startLoopbackIam, type LoopbackIam } from '../../fixtures/loopback-iam';
import { ADMIN_ROLE, ALICE, CONFIG, READONLY_ROLE } from '../../e2e/support/app-harness';

const run = promisify(execFile);
let serial = 0;

export interface Desktop {
  home: string;
  configFile: string;
  credentialsFile: string;
  appDataDir: string;
  userDataDir: string;
  /** The loopback STS, also answering IAM (the app's key-age check), so nothing leaves the machine. */
  sts: LoopbackIam;
  service: string;
  keychain: KeychainStore;
  env: Record<string, string>;
  start(args?: string[]): Promise<AppProcess>;
  /** Time passing for the app and the loopback STS together (a desktop made with `timeShift`). */
  advance(app: AppProcess, ms: number): Promise<void>;
  readCredentials(): string;
  callerIdentity(profile: string): Promise<{ Arn: string }>;
  close(): Promise<void>;
}

/**
 * `timeShift`: the app runs on the test's clock (time-shift.ts) and the loopback STS with it, so a
 * journey moves time with `advance` instead of waiting for it.
 */
export async function createDesktop(opts: { config?: string; settings?: Record<string, unknown>; sts?: LoopbackStsOptions; timeShift?: boolean; keyCreateDate?: Date } = {}): Promise<Desktop> {
  const home = mkdtempSync(join(tmpdir(), 'rolecall-app-'));
  mkdirSync(join(home, '.aws'));
  const configFile = join(home, '.aws', 'config');
  const credentialsFile = join(home, '.aws', 'credentials');
  writeFileSync(configFile, opts.config ?? CONFIG);
  const appDataDir = join(home, 'app-data');
  if (opts.settings) {
    mkdirSync(appDataDir, { recursive: true });
    writeFileSync(join(appDataDir, 'state.json'), JSON.stringify({ version: 1, settings: opts.settings, sessions: [] }));
  }

  const sts = await startLoopbackIam(opts.sts);
  let shiftMs = 0;
  if (opts.timeShift) sts.setNow(() => new Date(Date.now() + shiftMs));
  const user = sts.addUser({ ...ALICE, ...(opts.keyCreateDate ? { keyCreateDate: opts.keyCreateDate } : {}) });
  sts.addRole({ roleArn: ADMIN_ROLE, trust: [user.arn], requireMfa: true });
  sts.addRole({ roleArn: READONLY_ROLE, trust: [user.arn], requireMfa: true });

  const service = `RolecallApp-${process.pid}-${++serial}`;
  const keychain = createKeychainStore({ service });
  await keychain.setSource('dev', { accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey, mfaSerial: ALICE.mfaSerial });

  const inherited = ['PATH', 'DBUS_SESSION_BUS_ADDRESS', 'XDG_RUNTIME_DIR', 'XDG_DATA_HOME', 'LANG', 'TZ'];
  const env: Record<string, string> = {};
  for (const name of inherited) if (process.env[name]) env[name] = process.env[name]!;
  Object.assign(env, {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_ENDPOINT_URL_STS: sts.url,
    AWS_ENDPOINT_URL_IAM: sts.url,
    AWS_EC2_METADATA_DISABLED: 'true',
    ROLECALL_HOME: appDataDir,
    ROLECALL_KEYCHAIN_SERVICE: service,
    ROLECALL_FEDERATION_ENDPOINT: sts.federationUrl,
    ...(opts.timeShift ? { ELECTRON_STAND_IN_TIME_SHIFT: '1' } : {}),
  });
  const started: AppProcess[] = [];

  return {
    home,
    configFile,
    credentialsFile,
    appDataDir,
    userDataDir: join(home, '.config', 'rolecall'),
    sts,
    service,
    keychain,
    env,
    async start(args = []) {
      const app = await startAppProcess(env, args);
      started.push(app);
      return app;
    },
    async advance(app, ms) {
      if (!opts.timeShift) throw new Error('advance needs a desktop made with timeShift');
      shiftMs += ms;
      await app.advanceTime(ms);
    },
    readCredentials: () => {
      try {
        return readFileSync(credentialsFile, 'utf8');
      } catch {
        return '';
      }
    },
    async callerIdentity(profile) {
      const { stdout } = await run(AWS_CLI, ['sts', 'get-caller-identity', '--profile', profile, '--endpoint-url', sts.url, '--region', 'us-east-1', '--output', 'json'], {
        env: { PATH: env.PATH ?? '/usr/bin:/bin', HOME: home, AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: credentialsFile, AWS_EC2_METADATA_DISABLED: 'true', AWS_PAGER: '' },
        timeout: 30_000,
      });
      return JSON.parse(stdout) as { Arn: string };
    },
    async close() {
      for (const app of started) {
        app.kill();
        await app.exited;
      }
      for (const name of await keychain.listSources().catch(() => [] as string[])) {
        await keychain.deleteSource(name).catch(() => false);
        await keychain.deleteMfaSession(name).catch(() => false);
      }
      keychain.close();
      await sts.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
