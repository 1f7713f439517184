/**
 * A loopback HTTP server speaking the container-credentials protocol (what ECS offers tasks): the
 * SDKs find it through AWS_CONTAINER_CREDENTIALS_FULL_URI, send AWS_CONTAINER_AUTHORIZATION_TOKEN
 * as the Authorization header, and refresh from it on their own. Both SDKs accept plain http only
 * for loopback hosts (botocore: 127.0.0.1 or localhost; the JS SDK: 127.0.0.0/8 or ::1).
 *
 * The token (256 random bits) is the only thing between any local process and the session, so it
 * is compared in constant time and checked before anything else; only `GET` on the one path is
 * answered. Credentials are served from memory and never logged.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SessionCredentials } from '../facade/app-core-types';

export const CREDENTIALS_PATH = '/rolecall/credentials';

/** A session as served (and as `rolecall exec` hands it on): the keys, the expiry, the chain's region. */
export type ServedCredentials = Pick<SessionCredentials, 'accessKeyId' | 'secretAccessKey' | 'sessionToken' | 'expiration' | 'region'>;

export interface ContainerEndpoint {
  url: string;
  token: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** The session to answer with, from memory (a refresher). */
  credentials(): Promise<ServedCredentials>;
  /** 127.0.0.1 unless given (`--listen` for a container bridge address). */
  host?: string;
  /** A request failed on our side (the session could not be had); `message` has no secrets. */
  onError?(message: string): void;
}

/** The body the SDKs parse: botocore and @aws-sdk/credential-provider-http both read these four. */
export function containerCredentialsBody(creds: ServedCredentials): string {
  return JSON.stringify({ AccessKeyId: creds.accessKeyId, SecretAccessKey: creds.secretAccessKey, Token: creds.sessionToken, Expiration: creds.expiration.toISOString() });
}

export async function serveContainerCredentials(opts: ServeOptions): Promise<ContainerEndpoint> {
  const token = randomBytes(32).toString('base64url');
  const expected = Buffer.from(token);
  const server = createServer((req, res) => {
    void answer(req, res, expected, opts);
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${hostInUrl}:${port}${CREDENTIALS_PATH}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(req: IncomingMessage, res: ServerResponse, expected: Buffer, opts: ServeOptions): Promise<void> {
  const given = Buffer.from(String(req.headers.authorization ?? ''));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return send(res, 403, { code: 'AccessDenied', message: 'This request did not carry the token of this rolecall exec --server.' });
  }
  const path = (req.url ?? '').split('?')[0];
  if (path !== CREDENTIALS_PATH) return send(res, 404, { code: 'NotFound', message: `Only ${CREDENTIALS_PATH} is served.` });
  if (req.method !== 'GET') return send(res, 405, { code: 'MethodNotAllowed', message: 'Only GET is answered.' }, { Allow: 'GET' });
  try {
    const creds = await opts.credentials();
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(containerCredentialsBody(creds));
  } catch (e) {
    const message = e instanceof Error ? e.message : 'unknown error';
    opts.onError?.(message);
    send(res, 503, { code: 'CredentialsUnavailable', message });
  }
}

function send(res: ServerResponse, status: number, body: { code: string; message: string }, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
