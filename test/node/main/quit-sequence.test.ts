/**
 * The quit sequence against a fake `app` that behaves like Electron's: `will-quit` listeners run,
 * and unless one calls preventDefault the process ends right there — promises they started never
 * settle. Regression test for the credential_process token file left behind on quit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWillQuit, QUIT_DEADLINE_MS, type QuitSteps } from '../../../electron/main/quit-sequence';

/** Electron's quit as far as will-quit goes: ends the "process" when nobody prevents it. */
class FakeElectronApp {
  ended = false;
  listeners: Array<(e: { preventDefault(): void }) => void> = [];
  quit(): void {
    let prevented = false;
    for (const l of this.listeners) l({ preventDefault: () => (prevented = true) });
    if (!prevented) this.ended = true;
  }
}

function manualTimers() {
  const due: Array<{ cb: () => void; ms: number; cleared: boolean }> = [];
  return {
    due,
    setTimeout: (cb: () => void, ms: number) => {
      const t = { cb, ms, cleared: false };
      due.push(t);
      return t;
    },
    clearTimeout: (h: unknown) => {
      (h as { cleared: boolean }).cleared = true;
    },
    fire: () => {
      for (const t of due.splice(0)) if (!t.cleared) t.cb();
    },
  };
}

const flush = () => new Promise((r) => setImmediate(r));

function setup(finish: () => Promise<void>) {
  const app = new FakeElectronApp();
  const log: string[] = [];
  const timers = manualTimers();
  const steps: QuitSteps = {
    stop: () => log.push('stop'),
    finish: () => {
      log.push('finish');
      return finish();
    },
    dispose: () => log.push('dispose'),
    quit: () => app.quit(),
    setTimeout: timers.setTimeout,
    clearTimeout: timers.clearTimeout,
  };
  app.listeners.push(createWillQuit(steps));
  return { app, log, timers };
}

describe('quit sequence', () => {
  it('holds the first quit until the asynchronous cleanup has finished, then quits', async () => {
    let release!: () => void;
    const { app, log } = setup(() => new Promise<void>((r) => (release = r)));
    app.quit();
    // an Electron app that did not prevent here would already be gone, cleanup unfinished
    expect(app.ended).toBe(false);
    expect(log).toEqual(['stop', 'finish']);
    release();
    await flush();
    expect(log).toEqual(['stop', 'finish', 'dispose']);
    expect(app.ended).toBe(true);
  });

  it('quits at the deadline when the cleanup hangs', async () => {
    const { app, log, timers } = setup(() => new Promise<void>(() => undefined));
    app.quit();
    expect(timers.due.map((t) => t.ms)).toEqual([QUIT_DEADLINE_MS]);
    timers.fire();
    await flush();
    expect(log).toEqual(['stop', 'finish', 'dispose']);
    expect(app.ended).toBe(true);
  });

  it('runs each step once however often quit is asked for meanwhile, and a failing cleanup still quits', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 5 }), fc.boolean(), async (extraQuits, fails) => {
        let settle!: () => void;
        const { app, log } = setup(() => new Promise<void>((resolve, reject) => (settle = fails ? () => reject(new Error('EBUSY')) : resolve)));
        app.quit();
        for (let i = 0; i < extraQuits; i += 1) app.quit();
        expect(app.ended).toBe(false);
        settle();
        await flush();
        expect(log).toEqual(['stop', 'finish', 'dispose']);
        expect(app.ended).toBe(true);
      }),
    );
  });
});
