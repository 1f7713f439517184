import { describe, expect, it } from 'vitest';
import { RolecallError } from '../../../electron/core/errors';
import { createTrayCommandHandler } from '../../../electron/main/tray-commands';
import type { ActiveSession, SignOutResult } from '../../../electron/core/sessions/types';
import { fakeCore } from './fakes';

function setup(withConsole = false) {
  const fake = fakeCore();
  const errors: Array<string | undefined> = [];
  const switched: ActiveSession[] = [];
  const events: string[] = [];
  const signedOut: SignOutResult[] = [];
  const handle = createTrayCommandHandler({
    core: fake.core,
    showError: (m) => errors.push(m),
    switched: (s) => switched.push(s),
    signedOut: (r) => signedOut.push(r),
    openMfaPopup: (serial) => events.push(`popup:${serial}`),
    openMainWindow: () => events.push('main'),
    quit: () => events.push('quit'),
    ...(withConsole
      ? {
          console: {
            copySignInUrl: async (p: string) => {
              events.push(`copy:${p}`);
            },
            openConsole: async (p: string) => {
              events.push(`open:${p}`);
            },
          },
        }
      : {}),
  });
  return { fake, handle, errors, switched, events, signedOut };
}

describe('tray commands', () => {
  it('switches with the MFA popup as prompt and announces the new identity', async () => {
    const { fake, handle, switched, errors } = setup();
    await handle({ type: 'switch', profile: 'admin' });
    expect(fake.calls[0]).toEqual({ method: 'switchTo', args: ['admin', { promptForMfa: true }] });
    expect(switched.map((s) => s.profile)).toEqual(['admin']);
    expect(errors).toEqual([undefined]);
  });

  it('shows a failure as the error line (message and action), cleared by the next success', async () => {
    const { fake, handle, errors, switched } = setup();
    fake.failNext('switchTo', new RolecallError('MfaRequired', 'No MFA code was entered.', { action: 'Switch again.' }));
    await handle({ type: 'switch', profile: 'admin' });
    fake.failNext('refresh', new Error('raw SDK text'));
    await handle({ type: 'refresh', target: 'default' });
    await handle({ type: 'sign-out', target: 'default' });
    expect(errors).toEqual(['No MFA code was entered. Switch again.', expect.stringMatching(/^Something unexpected/), undefined]);
    expect(switched).toEqual([]);
  });

  it('routes the remaining commands', async () => {
    const { fake, handle, events } = setup(true);
    fake.setPending([
      { mfaSerial: 'a', profiles: ['x'], reason: 'switch' },
      { mfaSerial: 'b', profiles: ['y'], reason: 'expiring' },
    ]);
    await handle({ type: 'sign-out-all' });
    await handle({ type: 'enter-mfa' });
    await handle({ type: 'copy-console-url', profile: 'admin' });
    await handle({ type: 'open-console', profile: 'admin' });
    await handle({ type: 'open-app' });
    await handle({ type: 'quit' });
    expect(fake.calls.map((c) => c.method)).toEqual(['signOutAll', 'pendingMfa']);
    expect(events).toEqual(['popup:a', 'popup:b', 'copy:admin', 'open:admin', 'main', 'quit']);
  });
});

describe('tray commands of workflow W4', () => {
  it('switches time-boxed, extends, and signs out falling back or completely, handing the outcome on', async () => {
    const { fake, handle, signedOut, errors } = setup();
    await handle({ type: 'switch', profile: 'admin', forSeconds: 900 });
    await handle({ type: 'extend', target: 'default' });
    await handle({ type: 'sign-out', target: 'default' });
    await handle({ type: 'sign-out', target: 'default', noFallback: true });
    expect(fake.calls).toEqual([
      { method: 'switchTo', args: ['admin', { promptForMfa: true, forSeconds: 900 }] },
      { method: 'extend', args: ['default', undefined] },
      { method: 'signOut', args: ['default', { noFallback: false, promptForMfa: true }] },
      { method: 'signOut', args: ['default', { noFallback: true, promptForMfa: true }] },
    ]);
    expect(signedOut).toHaveLength(2);
    expect(errors).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('shows a refused extension as the error line', async () => {
    const { fake, handle, errors } = setup();
    fake.failNext('extend', new RolecallError('NotTimeBoxed', 'admin on default is not time-boxed.', { action: 'Switch with a time box.' }));
    await handle({ type: 'extend', target: 'default' });
    expect(errors).toEqual(['admin on default is not time-boxed. Switch with a time box.']);
  });
});
