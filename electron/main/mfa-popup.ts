/**
 * One MFA popup per device, however many sessions wait on it. The core announces `mfa-required`
 * once per device (single-flight in its broker); this controller keeps the window side single-flight
 * too: a second announcement, or the tray's "Enter MFA code…", focuses the open popup instead of
 * stacking another. The popup closes when the device's wait is resolved; a popup the user closes
 * cancels the wait, so nothing hangs on a prompt nobody can see.
 */
import type { SessionEvent } from '../core/sessions/types';

/** A popup window as the controller needs it; main wraps a BrowserWindow into this. */
export interface PopupHandle {
  /** Show and focus (also used to bring an open popup back to the front). */
  focus(): void;
  close(): void;
  isDestroyed(): boolean;
  /** Called once when the window is gone, whoever closed it. */
  onClosed(listener: () => void): void;
}

export interface MfaPopupDeps {
  createPopup(mfaSerial: string): PopupHandle;
  cancel(mfaSerial: string): void;
}

export class MfaPopupController {
  private readonly open = new Map<string, PopupHandle>();
  private readonly closingByUs = new WeakSet<PopupHandle>();

  constructor(private readonly deps: MfaPopupDeps) {}

  onEvent(e: SessionEvent): void {
    if (e.type === 'mfa-required') this.show(e.request.mfaSerial);
    else if (e.type === 'mfa-resolved') this.close(e.mfaSerial);
  }

  /** Opens the device's popup, or brings the existing one to the front. */
  show(mfaSerial: string): void {
    const existing = this.open.get(mfaSerial);
    if (existing && !existing.isDestroyed()) {
      existing.focus();
      return;
    }
    const popup = this.deps.createPopup(mfaSerial);
    this.open.set(mfaSerial, popup);
    popup.onClosed(() => {
      if (this.open.get(mfaSerial) === popup) this.open.delete(mfaSerial);
      if (this.closingByUs.has(popup)) return;
      // the user dismissed the prompt: the waiting switches fail with "no code entered"
      this.deps.cancel(mfaSerial);
    });
    popup.focus();
  }

  close(mfaSerial: string): void {
    const popup = this.open.get(mfaSerial);
    if (!popup) return;
    this.open.delete(mfaSerial);
    if (popup.isDestroyed()) return;
    this.closingByUs.add(popup);
    popup.close();
  }

  closeAll(): void {
    for (const serial of [...this.open.keys()]) this.close(serial);
  }

  isOpen(mfaSerial: string): boolean {
    return this.open.has(mfaSerial);
  }
}
