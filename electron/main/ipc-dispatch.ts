/**
 * One call through the contract as an untrusted caller makes it: parse the payload with the
 * channel's zod schema, then run the handler. Used by `registerIpc` (after the sender check) and by
 * any harness that wants main's exact validation without Electron.
 */
import { fail, REQUEST_CHANNELS, type Handlers, type RequestChannel, type Result } from '../shared/ipc';
import { parseRequest } from '../shared/ipc-schemas';
import { toErrorInfo } from '../core/errors';

export function isRequestChannel(channel: string): channel is RequestChannel {
  return (REQUEST_CHANNELS as readonly string[]).includes(channel);
}

export async function dispatch(handlers: Handlers, channel: string, payload: unknown): Promise<Result<unknown>> {
  if (!isRequestChannel(channel)) {
    return fail({ code: 'InvalidInput', message: 'Rolecall does not know that request.', action: 'Update or restart Rolecall.' });
  }
  const parsed = parseRequest(channel, payload);
  if (!parsed.ok) return fail({ code: 'InvalidInput', message: parsed.message });
  try {
    const handler = handlers[channel] as (p: unknown) => Promise<Result<unknown>>;
    return await handler(parsed.value);
  } catch (e) {
    return fail(toErrorInfo(e));
  }
}
