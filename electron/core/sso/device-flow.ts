/**
 * The device authorization flow (RFC 8628), the fallback when no browser can be opened here: the
 * user opens the verification URL anywhere and confirms the code, while this side polls CreateToken
 * at the server's interval — 5 s more after each `slow_down`, as RFC 8628 §3.5 and botocore do —
 * until it is approved, denied, the code expires, or the caller aborts.
 */
import { RolecallError } from '../errors';
import type { Clock } from '../sessions/clock';
import { cancelled, type SsoHttpDeps, SsoServiceError } from './http';
import { createToken, signInRefused, startDeviceAuthorization, type ClientRegistration, type IssuedToken } from './oidc';

export interface DevicePrompt {
  readonly userCode: string;
  readonly verificationUri: string;
  readonly verificationUriComplete: string;
  readonly expiresAt: Date;
}

export interface DeviceFlowInput {
  readonly region: string;
  readonly startUrl: string;
  readonly client: ClientRegistration;
  /** Told the code and URL once, before polling starts. */
  readonly onPrompt: (prompt: DevicePrompt) => void | Promise<void>;
  /** Told before each wait, with the seconds left until the code expires. */
  readonly onWaiting?: (secondsLeft: number) => void;
  readonly signal?: AbortSignal;
}

/** Waits `ms` on the injected clock; rejects with a cancellation when `signal` aborts. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const onAbort = (): void => {
      clock.clearTimer(handle);
      reject(cancelled());
    };
    const handle = clock.setTimer(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export async function deviceFlowSignIn(deps: SsoHttpDeps & { clock: Clock }, input: DeviceFlowInput): Promise<IssuedToken> {
  const auth = await startDeviceAuthorization(deps, { region: input.region, startUrl: input.startUrl, client: input.client, ...(input.signal ? { signal: input.signal } : {}) });
  const deadline = deps.clock.now() + auth.expiresInSeconds * 1000;
  await input.onPrompt({ userCode: auth.userCode, verificationUri: auth.verificationUri, verificationUriComplete: auth.verificationUriComplete, expiresAt: new Date(deadline) });
  let interval = auth.intervalSeconds * 1000;
  for (;;) {
    const left = deadline - deps.clock.now();
    if (left <= 0) throw timedOut();
    input.onWaiting?.(Math.ceil(left / 1000));
    await sleep(deps.clock, Math.min(interval, left), input.signal);
    try {
      return await createToken(deps, {
        region: input.region,
        client: input.client,
        grant: { grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: auth.deviceCode },
        ...(input.signal ? { signal: input.signal } : {}),
      });
    } catch (e) {
      if (!(e instanceof SsoServiceError)) throw e;
      if (e.errorType === 'AuthorizationPendingException') continue;
      if (e.errorType === 'SlowDownException') {
        interval += 5000;
        continue;
      }
      if (e.errorType === 'ExpiredTokenException') throw timedOut();
      if (e.errorType === 'AccessDeniedException') throw denied();
      throw signInRefused('CreateToken', e);
    }
  }
}

function timedOut(): RolecallError {
  return new RolecallError('SsoSignInFailed', 'The sign-in code expired before it was confirmed in the browser.', {
    action: 'Run the sign-in again and confirm the code within its time.',
    details: { reason: 'expired' },
  });
}

export function denied(): RolecallError {
  return new RolecallError('SsoSignInFailed', 'The sign-in was denied in the browser.', {
    action: 'Run the sign-in again and choose Allow, or ask your administrator for access.',
    details: { reason: 'denied' },
  });
}
