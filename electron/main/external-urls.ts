/**
 * The only URLs Rolecall hands to the OS browser: https on AWS's sign-in and console hosts (all
 * three partitions, with their regional subdomains). Anything else — another scheme, a look-alike
 * host, credentials or an odd port in the URL — is refused, so a compromised page cannot use
 * `openExternal` to launch arbitrary programs or phishing pages.
 */

/** Hosts allowed exactly and, with a leading dot, as a suffix (regional subdomains). */
const AWS_HOSTS = [
  'signin.aws.amazon.com',
  'console.aws.amazon.com',
  'signin.amazonaws.cn',
  'console.amazonaws.cn',
  'signin.amazonaws-us-gov.com',
  'console.amazonaws-us-gov.com',
] as const;

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function allowedHost(hostname: string): boolean {
  return AWS_HOSTS.some((h) => {
    if (hostname === h) return true;
    if (!hostname.endsWith(`.${h}`)) return false;
    // regional subdomains: plain DNS labels only (e.g. us-east-1.console.aws.amazon.com)
    return hostname
      .slice(0, -h.length - 1)
      .split('.')
      .every((label) => LABEL.test(label));
  });
}

export function isAllowedExternalUrl(raw: string): boolean {
  return allowedExternalHref(raw) !== undefined;
}

/**
 * The parsed, normalised `href` of an allowed URL (undefined otherwise): what reaches the OS, so
 * the opener never re-parses the raw string differently from the check (tabs, backslashes, case).
 */
export function allowedExternalHref(raw: string): string | undefined {
  if (typeof raw !== 'string' || raw.length > 8192) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:') return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  if (url.port !== '' && url.port !== '443') return undefined;
  return allowedHost(url.hostname) ? url.href : undefined;
}
