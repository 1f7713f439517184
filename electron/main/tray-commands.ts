/**
 * What the tray's items do. A switch started from the tray asks for a code through the MFA popup
 * (the core announces `mfa-required`, which opens it) and ends with a notification naming the new
 * identity; a failure shows as a disabled line in the menu until the next action succeeds. Errors
 * are turned into their user message here: the tray never shows a stack.
 */
import type { RolecallCore } from '../core/facade/app-core-types';
import { toErrorInfo } from '../core/errors';
import type { ActiveSession, SignOutResult } from '../core/sessions/types';
import type { TrayCommand } from './tray-menu';

/** Present only once the console sign-in core exists; until then the tray hides those items. */
export interface ConsoleActions {
  copySignInUrl(profile: string): Promise<void>;
  openConsole(profile: string): Promise<void>;
}

export interface TrayCommandDeps {
  core: Pick<RolecallCore, 'switchTo' | 'refresh' | 'extend' | 'signOut' | 'signOutAll' | 'pendingMfa'>;
  showError(message: string | undefined): void;
  switched(session: ActiveSession): void;
  /** After "Sign out": what each target fell back to, or why it is empty (W4). */
  signedOut(result: SignOutResult): void;
  openMfaPopup(mfaSerial: string): void;
  openMainWindow(): void;
  quit(): void;
  console?: ConsoleActions;
}

export function createTrayCommandHandler(deps: TrayCommandDeps): (command: TrayCommand) => Promise<void> {
  const attempt = async (work: () => Promise<unknown>): Promise<void> => {
    try {
      await work();
      deps.showError(undefined);
    } catch (e) {
      const info = toErrorInfo(e);
      deps.showError(info.action ? `${info.message} ${info.action}` : info.message);
    }
  };

  return async (command) => {
    switch (command.type) {
      case 'switch': {
        const forSeconds = command.forSeconds !== undefined ? { forSeconds: command.forSeconds } : {};
        return attempt(async () => deps.switched(await deps.core.switchTo(command.profile, { promptForMfa: true, ...forSeconds })));
      }
      case 'refresh':
        return attempt(() => deps.core.refresh(command.target));
      case 'extend':
        return attempt(() => deps.core.extend(command.target));
      case 'sign-out':
        return attempt(async () => deps.signedOut(await deps.core.signOut(command.target, { noFallback: command.noFallback === true, promptForMfa: true })));
      case 'sign-out-all':
        return attempt(() => deps.core.signOutAll());
      case 'copy-console-url':
        return attempt(async () => deps.console?.copySignInUrl(command.profile));
      case 'open-console':
        return attempt(async () => deps.console?.openConsole(command.profile));
      case 'enter-mfa':
        for (const request of deps.core.pendingMfa()) deps.openMfaPopup(request.mfaSerial);
        return;
      case 'open-app':
        return deps.openMainWindow();
      case 'quit':
        return deps.quit();
    }
  };
}
