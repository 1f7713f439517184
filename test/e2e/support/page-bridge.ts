/**
 * Bundled into every test page as an init script: `window.api` built by the real preload code
 * (`createApi`) over a fake `ipcRenderer` whose `invoke` is the Playwright binding to the handler
 * map in the test process, and whose events the harness delivers through `__rolecallEmit`.
 * Like Electron's contextBridge, only plain data crosses (the binding serialises it).
 */
import { createApi } from '../../../electron/preload/api';

type Listener = (event: unknown, payload: unknown) => void;

const page = globalThis as unknown as {
  __rolecallInvoke(channel: string, payload: unknown): Promise<unknown>;
  __rolecallEmit?: (wire: string, payload: unknown) => void;
  api?: unknown;
};

const listeners = new Map<string, Set<Listener>>();

page.__rolecallEmit = (wire, payload) => {
  for (const listener of [...(listeners.get(wire) ?? [])]) listener({}, payload);
};

page.api = Object.freeze(
  createApi({
    invoke: (channel, ...args) => page.__rolecallInvoke(channel, args[0]),
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set<Listener>();
      listeners.set(channel, set);
      set.add(listener);
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
    },
  }),
);
