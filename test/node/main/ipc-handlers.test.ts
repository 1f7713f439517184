import { describe, expect, it } from 'vitest';
import { RolecallError } from '../../../electron/core/errors';
import { createHandlers, type HandlerOptions } from '../../../electron/main/ipc-handlers';
import { REQUEST_CHANNELS, type Handlers, type RequestChannel, type RequestOf } from '../../../electron/shared/ipc';
import { fakeCore } from './fakes';
import { createConsoleActions } from '../../../electron/main/console-actions';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

function setup(extra: Partial<HandlerOptions> = {}) {
  const fake = fakeCore();
  const applied: unknown[] = [];
  const clipboard: string[] = [];
  const handlers = createHandlers(fake.core, {
    console: createConsoleActions({ core: fake.core, writeClipboard: (t) => clipboard.push(t), openInBrowser: async () => true, copied: () => {} }),
    appInfo: () => ({
      name: 'Rolecall',
      version: '0.1.0',
      platform: 'linux',
      versions: { electron: '41.7.1', chrome: '140', node: '22' },
      paths: { configFile: '/c', credentialsFile: '/k', appDataDir: '/d' },
    }),
    capabilities: { console: false },
    onSettingsChanged: (s) => {
      applied.push(s);
    },
    cliCommand: () => ['node', '/opt/rolecall/bin/rolecall.cjs'],
    ...extra,
  });
  return { fake, handlers, applied, clipboard };
}

/** One valid payload per channel: the table the coverage test walks. */
const PAYLOADS: { [K in RequestChannel]: RequestOf<K> } = {
  'profiles:list': null,
  'sources:add': { name: 'dev', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET },
  'sources:remove': { name: 'dev' },
  'sources:import': { scrub: true, names: ['dev'] },
  'sessions:switch': { profile: 'admin', target: 'work' },
  'sessions:refresh': { target: 'default' },
  'sessions:signOut': { target: 'default' },
  'sessions:extend': { target: 'default', seconds: 900 },
  'sessions:signOutAll': null,
  'sessions:list': null,
  'mfa:submit': { mfaSerial: 'arn:aws:iam::123456789012:mfa/alice', code: '123456' },
  'mfa:cancel': { mfaSerial: 'arn:aws:iam::123456789012:mfa/alice' },
  'mfa:pending': null,
  'settings:get': null,
  'settings:update': { notifications: false },
  'app:info': null,
  'console:copyUrl': { profile: 'admin' },
  'console:open': { profile: 'admin' },
  'doctor:run': null,
  'doctor:fixBom': null,
  'doctor:secretLeftovers': null,
  'doctor:cleanSecretLeftovers': null,
  'profiles:setupCredentialProcess': { profile: 'admin', as: 'admin-rolecall' },
  'sources:rotate': { source: 'dev' },
  'sources:keyAges': null,
};

const CORE_METHOD: Record<RequestChannel, string> = {
  'profiles:list': 'listProfiles',
  'sources:add': 'addSource',
  'sources:remove': 'removeSource',
  'sources:import': 'importSources',
  'sessions:switch': 'switchTo',
  'sessions:refresh': 'refresh',
  'sessions:signOut': 'signOut',
  'sessions:extend': 'extend',
  'sessions:signOutAll': 'signOutAll',
  'sessions:list': 'sessions',
  'mfa:submit': 'submitMfaCode',
  'mfa:cancel': 'cancelMfa',
  'mfa:pending': 'pendingMfa',
  'settings:get': 'getSettings',
  'settings:update': 'updateSettings',
  'app:info': 'startupNotices',
  'console:copyUrl': 'consoleSigninUrl',
  'console:open': 'consoleSigninUrl',
  'doctor:run': 'runDoctor',
  'doctor:fixBom': 'removeByteOrderMarks',
  'doctor:secretLeftovers': 'findSecretLeftovers',
  'doctor:cleanSecretLeftovers': 'cleanSecretLeftovers',
  'profiles:setupCredentialProcess': 'setupCredentialProcess',
  'sources:rotate': 'rotateKeys',
  'sources:keyAges': 'keyAges',
};

const call = <K extends RequestChannel>(handlers: Handlers, channel: K) => (handlers[channel] as (p: unknown) => ReturnType<Handlers[K]>)(PAYLOADS[channel]);

describe('createHandlers', () => {
  it('has exactly one handler per contract channel', () => {
    const { handlers } = setup();
    expect(Object.keys(handlers).sort()).toEqual([...REQUEST_CHANNELS].sort());
    expect(REQUEST_CHANNELS).toHaveLength(25);
  });

  it.each(REQUEST_CHANNELS)('%s answers ok through its core method', async (channel) => {
    const { handlers, fake } = setup();
    const r = await call(handlers, channel);
    expect(r.ok).toBe(true);
    if (channel !== 'app:info') expect(fake.calls.map((c) => c.method)).toContain(CORE_METHOD[channel]);
  });

  it.each(REQUEST_CHANNELS.filter((c) => c !== 'app:info'))('%s carries a core error as {code, message, action}', async (channel) => {
    const { handlers, fake } = setup();
    fake.failNext(CORE_METHOD[channel] as never, new RolecallError('KeychainLocked', 'The keychain is locked.', { action: 'Unlock it and try again.', details: { x: 1 } }));
    const r = await call(handlers, channel);
    expect(r).toEqual({ ok: false, error: { code: 'KeychainLocked', message: 'The keychain is locked.', action: 'Unlock it and try again.' } });
  });

  it('copies the console URL in main: the renderer gets null, never the sign-in token', async () => {
    const { handlers, clipboard } = setup();
    const r = await handlers['console:copyUrl']({ profile: 'admin' });
    expect(r).toEqual({ ok: true, value: null });
    expect(clipboard).toHaveLength(1);
    expect(JSON.stringify(r)).not.toContain(clipboard[0]!);
  });

  it('refuses console actions when main provided none', async () => {
    const { handlers } = setup({ console: undefined });
    const r = await handlers['console:open']({ profile: 'admin' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('ConsoleUnsupported');
  });

  it('sets up credential_process with main’s CLI command, never one from the renderer', async () => {
    const { handlers, fake } = setup();
    fake.core.setupCredentialProcess = async (profile, opts) => {
      fake.calls.push({ method: 'setupCredentialProcess', args: [profile, opts] });
      return { section: `profile ${opts.as}`, profileName: opts.as, backupPath: '/home/u/.aws/config.rolecall-backup' };
    };
    const r = await handlers['profiles:setupCredentialProcess']({ profile: 'admin', as: 'admin-cli', takeOver: true });
    expect(r).toEqual({ ok: true, value: { section: 'profile admin-cli', profileName: 'admin-cli', backupPath: '/home/u/.aws/config.rolecall-backup' } });
    expect(fake.calls.find((c) => c.method === 'setupCredentialProcess')?.args).toEqual(['admin', { as: 'admin-cli', command: ['node', '/opt/rolecall/bin/rolecall.cjs'], takeOver: true }]);
  });

  it('passes no takeOver unless asked, and omits an absent backup path', async () => {
    const { handlers, fake } = setup();
    expect(await handlers['profiles:setupCredentialProcess']({ profile: 'dev', as: 'dev-rolecall' })).toEqual({ ok: true, value: { section: 'profile dev-rolecall', profileName: 'dev-rolecall' } });
    expect(fake.calls.find((c) => c.method === 'setupCredentialProcess')?.args).toEqual(['dev', { as: 'dev-rolecall', command: ['node', '/opt/rolecall/bin/rolecall.cjs'] }]);
  });

  it('refuses credential_process setup with a typed error when the build has no CLI', async () => {
    const { handlers, fake } = setup({ cliCommand: undefined });
    const r = await handlers['profiles:setupCredentialProcess']({ profile: 'admin', as: 'admin-rolecall' });
    expect(r).toEqual({ ok: false, error: { code: 'Internal', message: 'The rolecall command is not available in this build.', action: expect.stringContaining('rolecall setup-credential-process') } });
    expect(fake.calls.some((c) => c.method === 'setupCredentialProcess')).toBe(false);
  });

  it('turns an unknown error into Internal without its text or stack', async () => {
    const { handlers, fake } = setup();
    fake.failNext('refresh', new Error(`SDK blew up with ${SECRET} at line 42`));
    const r = await handlers['sessions:refresh']({ target: 'default' });
    expect(r.ok).toBe(false);
    const text = JSON.stringify(r);
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/at line|stack/);
    if (!r.ok) expect(r.error.code).toBe('Internal');
  });

  it('omits action when the error has none', async () => {
    const { handlers, fake } = setup();
    fake.failNext('signOut', new RolecallError('SessionNotFound', 'No session.'));
    expect(await handlers['sessions:signOut']({ target: 'x' })).toEqual({ ok: false, error: { code: 'SessionNotFound', message: 'No session.' } });
  });

  it('always prompts through the MFA popup when switching from a window', async () => {
    const { handlers, fake } = setup();
    await handlers['sessions:switch']({ profile: 'admin', target: 'work', mfaCode: '123456' });
    expect(fake.calls.find((c) => c.method === 'switchTo')?.args).toEqual(['admin', { target: 'work', mfaCode: '123456', promptForMfa: true }]);
  });

  it('never sends the secret back from sources:add, even if the core echoed it', async () => {
    const { handlers, fake } = setup();
    fake.core.addSource = async (input) => ({ ...input, identityArn: 'arn:aws:iam::123456789012:user/alice' });
    const r = await handlers['sources:add'](PAYLOADS['sources:add']);
    expect(JSON.stringify(r)).not.toContain(SECRET);
    expect(r).toEqual({ ok: true, value: { name: 'dev', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', identityArn: 'arn:aws:iam::123456789012:user/alice' } });
  });

  it('drops secret-named fields from any reply (defence in depth)', async () => {
    const { handlers, fake } = setup();
    fake.core.importSources = async () => ({ imported: ['dev'], skipped: [], secretAccessKey: SECRET, nested: { sessionToken: 'tok' } }) as never;
    const r = await handlers['sources:import']({ scrub: false });
    expect(JSON.stringify(r)).not.toMatch(/secretAccessKey|sessionToken|tok"/);
  });

  it('applies OS settings after storing them, and reports their failure', async () => {
    const { handlers, applied } = setup();
    const r = await handlers['settings:update']({ startAtLogin: true });
    expect(r).toMatchObject({ ok: true, value: { startAtLogin: true } });
    expect(applied).toEqual([expect.objectContaining({ startAtLogin: true })]);
    const failing = setup({
      onSettingsChanged: () => {
        throw new RolecallError('FileWriteFailed', 'Could not create the autostart entry.', { action: 'Check the folder.' });
      },
    });
    expect(await failing.handlers['settings:update']({ startAtLogin: true })).toMatchObject({ ok: false, error: { code: 'FileWriteFailed' } });
  });

  it('app:info reports versions, paths, capabilities and start-up notices', async () => {
    const { handlers } = setup();
    expect(await handlers['app:info'](null)).toEqual({
      ok: true,
      value: {
        name: 'Rolecall',
        version: '0.1.0',
        platform: 'linux',
        versions: { electron: '41.7.1', chrome: '140', node: '22' },
        paths: { configFile: '/c', credentialsFile: '/k', appDataDir: '/d' },
        capabilities: { console: false },
        notices: ['A corrupt state file was set aside.'],
      },
    });
  });

  it('void channels answer null so the reply survives JSON (the browser harness)', async () => {
    const { handlers } = setup();
    expect(await handlers['sessions:signOutAll'](null)).toEqual({ ok: true, value: null });
    expect(await handlers['mfa:cancel']({ mfaSerial: 's' })).toEqual({ ok: true, value: null });
  });
});
