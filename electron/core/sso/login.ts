/**
 * Sign-in and sign-out of an `[sso-session]`: the authorization-code flow when a browser can be
 * opened, the device flow otherwise (or on request), the token written to the shared cache with
 * its registration and refresh token so both Rolecall and the AWS CLI can refresh it later.
 */
import type { SsoTokenSource } from './config';
import { authCodeSignIn } from './auth-code-flow';
import { isSsoBrowserUrl, refusedBrowserUrl } from './browser-urls';
import { deviceFlowSignIn, type DevicePrompt } from './device-flow';
import { ssoEndpoint } from './http';
import type { IssuedToken } from './oidc';
import { portalLogout } from './portal';
import { RolecallError } from '../errors';
import { clientRegistration, forgetRegistration } from './registration';
import { readCachedToken, tokenCachePath, writeCachedToken, deleteCachedToken } from './token-cache';
import type { SsoDeps } from './token-provider';

export interface SignInOptions {
  /** Use the device flow even if a browser could be opened. */
  readonly deviceCode?: boolean;
  /** Opens a URL in the user's browser; absent means no browser can be opened here. */
  readonly openBrowser?: (url: string) => Promise<void>;
  /** Shows the device code and URL (terminal, window). */
  readonly onPrompt: (prompt: DevicePrompt) => void | Promise<void>;
  readonly onWaiting?: (secondsLeft: number) => void;
  /** Told when the browser could not be opened and the device flow takes over. */
  readonly onFallback?: (reason: string) => void;
  readonly signal?: AbortSignal;
}

/** Signs in and caches the token; resolves with its expiry. */
export async function ssoLogin(deps: SsoDeps, source: SsoTokenSource, opts: SignInOptions): Promise<{ expiresAt: Date; flow: 'authorization_code' | 'device_code' }> {
  const oidcEndpoint = ssoEndpoint('oidc', source.region, deps.env);
  const guardedOpen = opts.openBrowser
    ? async (url: string): Promise<void> => {
        if (!isSsoBrowserUrl(url, { startUrl: source.startUrl, oidcEndpoint })) throw refusedBrowserUrl(url);
        await opts.openBrowser!(url);
      }
    : undefined;
  const signal = opts.signal ? { signal: opts.signal } : {};
  let issued: IssuedToken | undefined;
  let flow: 'authorization_code' | 'device_code' = 'device_code';
  let client = undefined as Awaited<ReturnType<typeof clientRegistration>> | undefined;
  if (!opts.deviceCode && guardedOpen) {
    let opened = false;
    try {
      issued = await authCodeSignIn(deps, {
        region: source.region,
        scopes: source.scopes,
        client: async () => (client = await clientRegistration(deps, source, 'authorization_code', opts.signal)),
        openBrowser: async (url) => {
          await guardedOpen(url);
          opened = true;
        },
        ...signal,
      });
      flow = 'authorization_code';
    } catch (e) {
      if (opened || client === undefined) throw e;
      opts.onFallback?.('no browser could be opened');
    }
  }
  if (!issued) {
    const deviceFlow = async (): Promise<IssuedToken> => {
      client = await clientRegistration(deps, source, 'device_code', opts.signal);
      return deviceFlowSignIn(deps, {
        region: source.region,
        startUrl: source.startUrl,
        client,
        onPrompt: async (prompt) => {
          await opts.onPrompt(prompt);
          if (guardedOpen && !opts.deviceCode && isSsoBrowserUrl(prompt.verificationUriComplete, { startUrl: source.startUrl, oidcEndpoint })) {
            await guardedOpen(prompt.verificationUriComplete).catch(() => undefined);
          }
        },
        ...(opts.onWaiting ? { onWaiting: opts.onWaiting } : {}),
        ...signal,
      });
    };
    try {
      issued = await deviceFlow();
    } catch (e) {
      // the service no longer knows the cached client (revoked, expired by its clock): register anew, once
      if (!(e instanceof RolecallError) || e.details.errorType !== 'InvalidClientException' || !(await forgetRegistration(deps.home, source, 'device_code'))) throw e;
      issued = await deviceFlow();
    }
  }
  const expiresAt = new Date(deps.clock.now() + issued.expiresInSeconds * 1000);
  await writeCachedToken(tokenCachePath(deps.home, source), {
    startUrl: source.startUrl,
    region: source.region,
    accessToken: issued.accessToken,
    expiresAt,
    clientId: client!.clientId,
    clientSecret: client!.clientSecret,
    registrationExpiresAt: client!.expiresAt,
    ...(issued.refreshToken ? { refreshToken: issued.refreshToken } : {}),
  });
  return { expiresAt, flow };
}

/** Revokes the token at the portal (best effort) and removes the cache file; false when signed out already. */
export async function ssoLogout(deps: SsoDeps, source: SsoTokenSource): Promise<boolean> {
  const path = tokenCachePath(deps.home, source);
  const token = await readCachedToken(path);
  if (token && token.expiresAt.getTime() > deps.clock.now()) await portalLogout(deps, source, token.accessToken).catch(() => undefined);
  return deleteCachedToken(path);
}
