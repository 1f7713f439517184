/**
 * What quitting does, in an order Electron actually honours. Electron does not wait for promises a
 * `will-quit` listener starts: once the listeners return, the app shuts down and Node's pending I/O
 * callbacks never run. So `void credentialServer.close()` there left the credential_process token
 * file behind (found by the Electron stand-in, test/app). The first `will-quit` is therefore held
 * (`preventDefault`), the synchronous teardown runs at once, the asynchronous part runs with a
 * deadline, and only then is quit asked for again — which this handler lets through.
 */

export interface QuitSteps {
  /** Synchronous teardown: event subscriptions, IPC handlers, popups, the tray. */
  stop(): void;
  /** Work that must finish before the process ends (closing the credential server, removing its files). */
  finish(): Promise<void>;
  /** Last, after `finish`: stop timers and the keychain worker. */
  dispose(): void;
  /** `app.quit()`: runs the quit sequence again, this time to the end. */
  quit(): void;
  /** Scheduling for the deadline (Node's timers in the app). */
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** How long quitting waits for `finish` before leaving anyway: a stuck socket must not keep the app alive. */
export const QUIT_DEADLINE_MS = 3000;

/** The `will-quit` listener. */
export function createWillQuit(steps: QuitSteps, deadlineMs = QUIT_DEADLINE_MS): (event: { preventDefault(): void }) => void {
  let phase: 'running' | 'finishing' | 'done' = 'running';
  return (event) => {
    if (phase === 'done') return;
    event.preventDefault();
    if (phase === 'finishing') return;
    phase = 'finishing';
    steps.stop();
    let timer: unknown;
    const deadline = new Promise<void>((resolve) => {
      timer = steps.setTimeout(resolve, deadlineMs);
    });
    void Promise.race([steps.finish().catch(() => undefined), deadline]).then(() => {
      steps.clearTimeout(timer);
      phase = 'done';
      steps.dispose();
      steps.quit();
    });
  };
}
