/**
 * The console sign-in URL on the clipboard is a 15-minute sign-in token that any program reading the
 * clipboard can take. Once those 15 minutes are up the copy is worthless but still a secret, so it
 * is cleared — unless the user copied something else meanwhile, which stays. The rule is pure:
 * Electron's clipboard is behind the facade and time is the injected Clock, so it is tested in Node.
 * (Marking the copy as concealed for clipboard managers — macOS `org.nspasteboard.ConcealedType`,
 * Windows' `ExcludeClipboardContentFromMonitorProcessing` / `CanIncludeInClipboardHistory` = 0 —
 * needs the marker and the text in one write. Electron 41 cannot: `clipboard.write` takes only
 * text/html/rtf/image/bookmark, and each `writeBuffer` is its own write that replaces the clipboard
 * (electron.d.ts; electron/electron#5698, #41462). Electron 44's `clipboard.write` takes custom formats.)
 */
import type { Clock } from '../core/sessions/clock';

/** What main needs from Electron's clipboard. */
export interface ClipboardFacade {
  writeText(text: string): void;
  readText(): string;
  clear(): void;
}

/** The sign-in URL's lifetime: after this the copy is cleared. */
export const CLEAR_AFTER_MS = 15 * 60_000;

/** Copies secrets: one pending clear at a time (a newer copy replaces the older one's timer). */
export class SecretClipboard {
  private pending: unknown;

  constructor(
    private readonly clipboard: ClipboardFacade,
    private readonly clock: Pick<Clock, 'setTimer' | 'clearTimer'>,
  ) {}

  /** Puts `text` on the clipboard and clears it after `CLEAR_AFTER_MS` if it is still there. */
  copy(text: string): void {
    this.clipboard.writeText(text);
    if (this.pending !== undefined) this.clock.clearTimer(this.pending);
    this.pending = this.clock.setTimer(() => {
      this.pending = undefined;
      if (this.clipboard.readText() === text) this.clipboard.clear();
    }, CLEAR_AFTER_MS);
  }
}
