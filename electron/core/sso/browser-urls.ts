/**
 * Which URLs a sign-in may send the browser to: https on IAM Identity Center's own hosts in every
 * partition (the OIDC authorize page, the device verification page, access portals on
 * `*.awsapps.com` / `*.awsapps.cn` / `*.app.aws`), the host of the configured start URL (the user
 * named it), or the OIDC endpoint an override chose (which already passed the endpoint rule). A
 * verification URL from a compromised or spoofed service pointing anywhere else is refused.
 */
import { RolecallError } from '../errors';

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** Suffixes that match one or more DNS labels in front (`d-123.awsapps.com`, `oidc.eu-west-1.amazonaws.com`). */
const AWS_SUFFIXES = ['awsapps.com', 'awsapps.cn', 'app.aws'];
/** Service hosts `<service>.<region>.<partition domain>`. */
const SERVICE_HOST = /^(oidc|device\.sso|portal\.sso)\.[a-z]{2}(-[a-z]+)+-\d{1,2}\.(amazonaws\.com|amazonaws\.com\.cn)$/;

function awsHost(hostname: string): boolean {
  if (SERVICE_HOST.test(hostname)) return true;
  return AWS_SUFFIXES.some((s) => hostname.endsWith(`.${s}`) && hostname.slice(0, -s.length - 1).split('.').every((l) => LABEL.test(l)));
}

export interface BrowserUrlContext {
  readonly startUrl: string;
  /** The OIDC base URL in use (ssoEndpoint('oidc', …)). */
  readonly oidcEndpoint: string;
}

/** True when `raw` may be opened in the browser for this sign-in. */
export function isSsoBrowserUrl(raw: string, ctx: BrowserUrlContext): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  const oidc = new URL(ctx.oidcEndpoint);
  if (url.origin === oidc.origin) return true;
  if (url.protocol !== 'https:' || (url.port !== '' && url.port !== '443')) return false;
  return awsHost(url.hostname) || url.hostname === new URL(ctx.startUrl).hostname;
}

/** The refusal, naming the host only (the URL may carry a user code). */
export function refusedBrowserUrl(raw: string): RolecallError {
  let host = 'an invalid URL';
  try {
    host = new URL(raw).host;
  } catch {
    // keep the placeholder
  }
  return new RolecallError('SsoSignInFailed', `The sign-in service asked to open ${host}, which is not an IAM Identity Center host.`, {
    action: 'Check AWS_ENDPOINT_URL_SSO_OIDC and your proxy settings; sign in with the AWS CLI if you trust this host.',
  });
}
