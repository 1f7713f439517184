/**
 * Desktop notifications about sessions: a heads-up before a session that needs a new MFA code
 * expires (clicking it opens that device's MFA popup), when one expired or failed to refresh, and
 * the identity and expiry after a successful switch from the tray. Silent refreshes stay silent:
 * nothing for the user to do. Honours the "notifications" setting at the moment of each event.
 *
 * Workflow W4: two minutes before a time-boxed elevation falls back, a warning with "Extend 15 min"
 * (a notification button where the OS has them, macOS; elsewhere the click opens the window, which
 * has Extend); when it fell back on its own, which session the target is back on, or why it is empty.
 */
import type { ActiveSession, SessionEvent, SignOutResult } from '../core/sessions/types';
import type { MfaRequest } from '../core/sessions/mfa-broker';
import { formatTimeLeft } from '../shared/time-left';
import { elevationEnding, fellBack, signOutOutcomes } from '../shared/elevation-notices';

export interface NotificationAction {
  label: string;
  run(): void;
}

export interface NotificationSpec {
  title: string;
  body: string;
  onClick?: () => void;
  /** Buttons (shown where the OS supports them; the click still opens the window elsewhere). */
  actions?: NotificationAction[];
}

export interface NotifierDeps {
  show(notification: NotificationSpec): void;
  enabled(): boolean;
  pendingMfa(): MfaRequest[];
  openMfaPopup(mfaSerial: string): void;
  openMainWindow(): void;
  /** "Extend" on an elevation-ending notification: more time for that target's elevation. */
  extend(target: string): void;
  /** Local clock time for "valid until" (injected so tests do not depend on the machine's zone). */
  formatTime(date: Date): string;
}

export class SessionNotifier {
  /** Targets already warned about for their current expiry; cleared when refreshed or expired. */
  private readonly warned = new Set<string>();

  constructor(private readonly deps: NotifierDeps) {}

  onEvent(e: SessionEvent): void {
    switch (e.type) {
      case 'session-expiring':
        if (!e.needsMfa || this.warned.has(e.target)) return;
        this.warned.add(e.target);
        this.notify({
          title: `${e.profile} expires in ${formatTimeLeft(e.secondsLeft * 1000)}`,
          body: 'Enter an MFA code to keep the session going.',
          onClick: () => this.openPromptFor(e.profile),
        });
        return;
      case 'session-refreshed':
        this.warned.delete(e.target);
        return;
      case 'session-expired':
        this.warned.delete(e.target);
        this.notify({
          title: `${e.profile} expired`,
          body: e.removed ? `Its credentials were removed from the "${e.target}" profile.` : `The credentials in the "${e.target}" profile no longer work.`,
          onClick: () => this.deps.openMainWindow(),
        });
        return;
      case 'session-error':
        this.notify({
          title: `${e.profile}: refresh failed`,
          body: e.error.action ? `${e.error.message} ${e.error.action}` : e.error.message,
          onClick: () => this.deps.openMainWindow(),
        });
        return;
      case 'elevation-ending':
        this.notify({ ...elevationEnding(e), onClick: () => this.deps.openMainWindow(), actions: [{ label: elevationEnding.actionLabel, run: () => this.deps.extend(e.target) }] });
        return;
      case 'fell-back':
        // a fallback the user asked for is reported where they asked (the window, the tray's signedOut)
        if (e.timedOut) this.notify({ ...fellBack(e), onClick: () => this.deps.openMainWindow() });
        return;
      default:
        return;
    }
  }

  /** After a switch the user started from the tray: who they are now and until when. */
  switched(session: ActiveSession): void {
    const until = session.fallsBackAt !== undefined ? `\nElevated until ${this.deps.formatTime(new Date(session.fallsBackAt))}${session.baseline !== undefined ? `, then back to ${session.baseline}` : ''}.` : '';
    this.notify({
      title: `Switched to ${session.profile}`,
      body: `${session.identityArn}\nValid until ${this.deps.formatTime(new Date(session.expiresAt))} in the "${session.target}" profile.${until}`,
      onClick: () => this.deps.openMainWindow(),
    });
  }

  /** After "Sign out" from the tray: which session each target is back on, or why it is empty. */
  signedOut(result: SignOutResult): void {
    for (const spec of signOutOutcomes(result)) this.notify({ ...spec, onClick: () => this.deps.openMainWindow() });
  }

  /** A plain message (e.g. a start-up notice such as a corrupt state file set aside). */
  notice(title: string, body: string): void {
    this.notify({ title, body, onClick: () => this.deps.openMainWindow() });
  }

  private openPromptFor(profile: string): void {
    const request = this.deps.pendingMfa().find((r) => r.profiles.includes(profile));
    if (request) this.deps.openMfaPopup(request.mfaSerial);
    else this.deps.openMainWindow();
  }

  private notify(spec: NotificationSpec): void {
    if (this.deps.enabled()) this.deps.show(spec);
  }
}
