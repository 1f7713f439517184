/**
 * The only place main talks to `ipcMain`: every contract channel gets one `handle` behind the same
 * gate — sender check first, then zod parsing (`dispatch`). A refused call gets an error result and
 * never reaches a handler.
 */
import { fail, REQUEST_CHANNELS, type Handlers, type Result } from '../shared/ipc';
import { dispatch } from './ipc-dispatch';
import type { SenderLike } from './trusted-sender';

/** The part of Electron's `ipcMain` used here (satisfied by the real one). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: SenderLike, ...args: unknown[]) => Promise<Result<unknown>>): void;
  removeHandler(channel: string): void;
}

export interface RegisterOptions {
  isTrustedSender(event: SenderLike): boolean;
  /** Told about refused calls (channel and frame URL only; never the payload). */
  onRefused?(channel: string, frameUrl: string | undefined): void;
}

/** Registers every channel; returns a function that removes them again. */
export function registerIpc(ipc: IpcMainLike, handlers: Handlers, opts: RegisterOptions): () => void {
  for (const channel of REQUEST_CHANNELS) {
    ipc.handle(channel, async (event, ...args) => {
      if (!opts.isTrustedSender(event)) {
        opts.onRefused?.(channel, event.senderFrame?.url);
        return fail({ code: 'InvalidInput', message: 'Rolecall refused a request that did not come from one of its own windows.' });
      }
      if (args.length > 1) return fail({ code: 'InvalidInput', message: `The request to ${channel} was refused: it has too many arguments.` });
      return dispatch(handlers, channel, args[0]);
    });
  }
  return () => {
    for (const channel of REQUEST_CHANNELS) ipc.removeHandler(channel);
  };
}
