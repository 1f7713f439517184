import { describe, expect, it } from 'vitest';
import { consoleSigninUrl } from '../../../electron/core/console/signin-url';
import type { ConsoleCredentialKind, ConsoleCredentials } from '../../../electron/core/console/types';
import { RolecallError } from '../../../electron/core/errors';

const NOW = new Date('2026-03-01T10:00:00Z');
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY';
const TOKEN = 'FwoGZXIvYXdzEBYaDSESSIONTOKENVALUE+/=';

function creds(kind: ConsoleCredentialKind, extra: Partial<ConsoleCredentials> = {}): ConsoleCredentials {
  return { accessKeyId: 'ASIAEXAMPLE0000001', secretAccessKey: SECRET, sessionToken: TOKEN, expiration: new Date(NOW.getTime() + 3600_000), kind, ...extra };
}

/** A fetch that records the request and answers like the federation endpoint. */
function recordingFetch(status = 200, body = '{"SigninToken":"tok+en/=="}') {
  const calls: URL[] = [];
  const fetchFn = (async (input: Parameters<typeof fetch>[0]) => {
    calls.push(new URL(String(input)));
    return new Response(body, { status });
  }) as typeof fetch;
  return { calls, fetchFn };
}

async function rejection(p: Promise<unknown>): Promise<RolecallError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RolecallError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('consoleSigninUrl: partitions', () => {
  it.each([
    ['us-west-2', 'https://signin.aws.amazon.com/federation', 'https://us-west-2.console.aws.amazon.com/console/home?region=us-west-2'],
    ['cn-north-1', 'https://signin.amazonaws.cn/federation', 'https://console.amazonaws.cn/console/home?region=cn-north-1'],
    ['us-gov-west-1', 'https://signin.amazonaws-us-gov.com/federation', 'https://console.amazonaws-us-gov.com/console/home?region=us-gov-west-1'],
  ])('%s uses the partition hosts', async (region, endpoint, destination) => {
    const { calls, fetchFn } = recordingFetch();
    const result = await consoleSigninUrl(creds('assumed-role-direct', { region }), { fetch: fetchFn, now: NOW, env: {} });
    expect(`${calls[0]!.origin}${calls[0]!.pathname}`).toBe(endpoint);
    const login = new URL(result.url);
    expect(`${login.origin}${login.pathname}`).toBe(endpoint);
    expect(login.searchParams.get('Action')).toBe('login');
    expect(login.searchParams.get('Issuer')).toBe('Rolecall');
    expect(login.searchParams.get('Destination')).toBe(destination);
    expect(login.searchParams.get('SigninToken')).toBe('tok+en/==');
    expect(result.expiresAt.toISOString()).toBe('2026-03-01T10:15:00.000Z');
  });

  it('the explicit region wins over the credentials region; us-east-1 when neither is set', async () => {
    const { fetchFn } = recordingFetch();
    const a = await consoleSigninUrl(creds('assumed-role-direct', { region: 'eu-west-1' }), { region: 'cn-north-1', fetch: fetchFn, now: NOW, env: {} });
    expect(a.url.startsWith('https://signin.amazonaws.cn/federation?')).toBe(true);
    const b = await consoleSigninUrl(creds('assumed-role-direct'), { fetch: fetchFn, now: NOW, env: {} });
    expect(new URL(b.url).searchParams.get('Destination')).toBe('https://us-east-1.console.aws.amazon.com/console/home?region=us-east-1');
  });

  it('sends the Session JSON with exactly sessionId, sessionKey and sessionToken', async () => {
    const { calls, fetchFn } = recordingFetch();
    await consoleSigninUrl(creds('assumed-role-chained'), { fetch: fetchFn, now: NOW, env: {} });
    expect(calls[0]!.searchParams.get('Action')).toBe('getSigninToken');
    expect(JSON.parse(calls[0]!.searchParams.get('Session')!)).toEqual({ sessionId: 'ASIAEXAMPLE0000001', sessionKey: SECRET, sessionToken: TOKEN });
  });
});

describe('consoleSigninUrl: SessionDuration and kinds', () => {
  it('sends SessionDuration only for a role assumed directly with long-term keys', async () => {
    const sent: Record<string, string | null> = {};
    for (const kind of ['assumed-role-direct', 'assumed-role-chained', 'federation'] as const) {
      const { calls, fetchFn } = recordingFetch();
      const r = await consoleSigninUrl(creds(kind), { sessionDurationSeconds: 43_200, fetch: fetchFn, now: NOW, env: {} });
      sent[kind] = calls[0]!.searchParams.get('SessionDuration');
      if (kind === 'assumed-role-direct') expect(r.consoleSessionEndsAt.toISOString()).toBe('2026-03-01T22:00:00.000Z');
      else expect(r.consoleSessionEndsAt).toEqual(creds(kind).expiration);
    }
    expect(sent).toEqual({ 'assumed-role-direct': '43200', 'assumed-role-chained': null, federation: null });
  });

  it('omits SessionDuration when none is asked for', async () => {
    const { calls, fetchFn } = recordingFetch();
    const r = await consoleSigninUrl(creds('assumed-role-direct'), { fetch: fetchFn, now: NOW, env: {} });
    expect(calls[0]!.searchParams.has('SessionDuration')).toBe(false);
    expect(r.sessionDurationSeconds).toBeUndefined();
  });

  it('refuses an out-of-range session duration before calling anything', async () => {
    const { calls, fetchFn } = recordingFetch();
    for (const d of [899, 43_201, 1.5]) {
      expect((await rejection(consoleSigninUrl(creds('assumed-role-direct'), { sessionDurationSeconds: d, fetch: fetchFn, now: NOW, env: {} }))).code).toBe('InvalidInput');
    }
    expect(calls).toHaveLength(0);
  });

  it('refuses GetSessionToken credentials with ConsoleUnsupported and an action', async () => {
    const { calls, fetchFn } = recordingFetch();
    const e = await rejection(consoleSigninUrl(creds('session-token'), { fetch: fetchFn, now: NOW, env: {} }));
    expect(e.code).toBe('ConsoleUnsupported');
    expect(e.message).toMatch(/GetSessionToken|MFA-session/);
    expect(e.action).toMatch(/role/);
    expect(e.action).toMatch(/federation token/);
    expect(calls).toHaveLength(0);
  });

  it('refuses long-term keys and expired sessions', async () => {
    const { fetchFn } = recordingFetch();
    expect((await rejection(consoleSigninUrl(creds('assumed-role-direct', { accessKeyId: 'AKIAEXAMPLE', sessionToken: '' }), { fetch: fetchFn, now: NOW, env: {} }))).code).toBe('ConsoleUnsupported');
    expect((await rejection(consoleSigninUrl(creds('federation', { expiration: NOW }), { fetch: fetchFn, now: NOW, env: {} }))).code).toBe('ExpiredToken');
  });
});

describe('consoleSigninUrl: endpoint override and failures', () => {
  it('uses ROLECALL_FEDERATION_ENDPOINT, and the option over the variable', async () => {
    const { calls, fetchFn } = recordingFetch();
    await consoleSigninUrl(creds('federation'), { fetch: fetchFn, now: NOW, env: { ROLECALL_FEDERATION_ENDPOINT: 'http://127.0.0.1:9/federation' } });
    await consoleSigninUrl(creds('federation'), { federationEndpoint: 'https://proxy.corp.example/federation', fetch: fetchFn, now: NOW, env: { ROLECALL_FEDERATION_ENDPOINT: 'http://127.0.0.1:9/federation' } });
    expect(calls.map((u) => u.origin)).toEqual(['http://127.0.0.1:9', 'https://proxy.corp.example']);
  });

  it('refuses plain http off loopback and URLs with credentials (the request carries secrets)', async () => {
    const { calls, fetchFn } = recordingFetch();
    for (const endpoint of ['http://proxy.corp.example/federation', 'https://user:pw@proxy.example/federation', 'ftp://127.0.0.1/x', 'not a url']) {
      expect((await rejection(consoleSigninUrl(creds('federation'), { federationEndpoint: endpoint, fetch: fetchFn, now: NOW, env: {} }))).code).toBe('InvalidInput');
    }
    expect(calls).toHaveLength(0);
  });

  it.each([
    [400, 'AccessDenied', false],
    [403, 'AccessDenied', false],
    [400, 'ConsoleUnsupported', true],
    [429, 'Throttled', false],
    [503, 'StsError', false],
    [418, 'StsError', false],
  ])('maps HTTP %i to %s without echoing secrets', async (status, code, withDuration) => {
    const echo = `bad session ${SECRET} ${TOKEN}`;
    const { fetchFn } = recordingFetch(status, echo);
    const e = await rejection(consoleSigninUrl(creds('assumed-role-direct'), { fetch: fetchFn, now: NOW, env: {}, ...(withDuration ? { sessionDurationSeconds: 3600 } : {}) }));
    expect(e.code).toBe(code);
    expect(e.action).toBeTruthy();
    const everything = `${e.message} ${e.action} ${JSON.stringify(e.details)} ${String(e.cause ?? '')} ${e.stack ?? ''}`;
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain('sessionKey');
  });

  it('maps a 200 without a token, a refused connection and a timeout, without a cause that could hold the URL', async () => {
    const noToken = recordingFetch(200, '{"nope":1}');
    expect((await rejection(consoleSigninUrl(creds('federation'), { fetch: noToken.fetchFn, now: NOW, env: {} }))).code).toBe('StsError');

    const refused = (async (input: Parameters<typeof fetch>[0]) => {
      throw new TypeError(`fetch failed ${String(input)}`, { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    }) as typeof fetch;
    const e = await rejection(consoleSigninUrl(creds('federation'), { fetch: refused, now: NOW, env: {} }));
    expect(e.code).toBe('NetworkError');
    expect(e.message).toMatch(/refused/);
    expect(e.cause).toBeUndefined();
    expect(`${e.message}${JSON.stringify(e.details)}`).not.toContain(SECRET);

    const hang = ((_input: Parameters<typeof fetch>[0], init?: RequestInit) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)))) as typeof fetch;
    const t = await rejection(consoleSigninUrl(creds('federation'), { fetch: hang, timeoutMs: 20, now: NOW, env: {} }));
    expect(t.code).toBe('NetworkError');
    expect(t.message).toMatch(/did not answer within/);
  });
});
