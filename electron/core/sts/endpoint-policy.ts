/**
 * Endpoint overrides (`AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL`, `ROLECALL_FEDERATION_ENDPOINT`)
 * receive signed requests that return session secrets. A variable leaking in from another tool's
 * environment must not send them in clear text over a network: an override is accepted over https,
 * or over plain http only to a loopback address (a local proxy or a test STS), never with a user
 * name or password in it. The one rule for every such override.
 */
import { RolecallError } from '../errors';

/** 127.0.0.0/8, `localhost` and `[::1]`. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** Why `raw` (the value of `variable`) may not be used as an endpoint; undefined when it may. */
export function endpointOverrideProblem(raw: string, variable: string): RolecallError | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return new RolecallError('InvalidInput', `${variable} is not a URL.`, { action: `Set ${variable} to an https URL, or unset it.`, details: { variable } });
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  if (secure && url.username === '' && url.password === '') return undefined;
  return new RolecallError('InvalidInput', `${variable} points at ${url.protocol}//${url.host}, which Rolecall does not send STS requests to: they return session secrets.`, {
    action: `Use an https URL in ${variable} (plain http only to 127.0.0.1 / localhost), without a user name or password — or unset it if another tool set it.`,
    details: { variable },
  });
}
