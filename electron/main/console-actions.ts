/**
 * The tray's console items over the core's sign-in URL: "Copy console sign-in URL" puts the URL
 * (valid 15 minutes, it holds a sign-in token) on the clipboard and says so; "Open console" hands
 * it to the browser through the allow-listed `openExternal`. The URL is never logged or shown.
 */
import type { RolecallCore } from '../core/facade/app-core-types';
import { RolecallError } from '../core/errors';
import type { ConsoleActions } from './tray-commands';

export interface ConsoleActionDeps {
  core: Pick<RolecallCore, 'consoleSigninUrl'>;
  writeClipboard(text: string): void;
  /** `openExternalSafely` bound to the shell: false when the URL is not an AWS sign-in host. */
  openInBrowser(url: string): Promise<boolean>;
  copied(): void;
}

export function createConsoleActions(deps: ConsoleActionDeps): ConsoleActions {
  const urlFor = async (profile: string) => (await deps.core.consoleSigninUrl(profile, { promptForMfa: true })).url;
  return {
    async copySignInUrl(profile) {
      deps.writeClipboard(await urlFor(profile));
      deps.copied();
    },
    async openConsole(profile) {
      if (!(await deps.openInBrowser(await urlFor(profile)))) {
        throw new RolecallError('ConsoleUnsupported', 'Rolecall did not open the sign-in URL: it does not point at an AWS sign-in host.', {
          action: 'Check AWS_ENDPOINT_URL settings for the federation endpoint.',
        });
      }
    },
  };
}
