import { describe, expect, it } from 'vitest';
import { createConsoleActions } from '../../../electron/main/console-actions';
import { fakeCore } from './fakes';

function setup(openResult = true) {
  const fake = fakeCore();
  const clipboard: string[] = [];
  const opened: string[] = [];
  let copied = 0;
  const actions = createConsoleActions({
    core: fake.core,
    writeClipboard: (t) => clipboard.push(t),
    openInBrowser: async (u) => (opened.push(u), openResult),
    copied: () => copied++,
  });
  return { fake, actions, clipboard, opened, copied: () => copied };
}

describe('console actions', () => {
  it('copies a fresh sign-in URL (prompting for MFA if needed) and says so', async () => {
    const { fake, actions, clipboard, copied } = setup();
    await actions.copySignInUrl('admin');
    expect(fake.calls).toEqual([{ method: 'consoleSigninUrl', args: ['admin', { promptForMfa: true }] }]);
    expect(clipboard).toEqual([expect.stringMatching(/^https:\/\/signin\.aws\.amazon\.com\//)]);
    expect(copied()).toBe(1);
  });

  it('opens the console through the allow-listed openExternal, and fails when refused', async () => {
    const ok = setup();
    await ok.actions.openConsole('admin');
    expect(ok.opened).toHaveLength(1);
    const refused = setup(false);
    await expect(refused.actions.openConsole('admin')).rejects.toMatchObject({ code: 'ConsoleUnsupported' });
  });
});
