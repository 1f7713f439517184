/**
 * A tiny HTTP server for the STS client tests whose answers each test scripts: STS XML errors with
 * chosen Date headers, success bodies, silence (never answer), or a body that never ends. The
 * loopback STS (test/fixtures/loopback-sts) covers real STS behaviour; this covers what it cannot.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  headers: IncomingHttpHeaders;
  params: URLSearchParams;
}

export type Reply = (res: ServerResponse, req: SeenRequest) => void;

export interface ScriptedServer {
  url: string;
  host: string;
  seen: SeenRequest[];
  /** Replies used in order; the last one repeats. */
  script(...replies: Reply[]): void;
  close(): Promise<void>;
}

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export const stsError =
  (code: string, message: string, status = 403, date?: Date): Reply =>
  (res) => {
    res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': 'r-1', date: (date ?? new Date()).toUTCString() });
    res.end(`<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`);
  };

export const ok =
  (action: string, result: string): Reply =>
  (res) => {
    res.writeHead(200, { 'content-type': 'text/xml', date: new Date().toUTCString() });
    res.end(`<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></${action}Response>`);
  };

export const credentialsXml = (expiration: string) =>
  `<Credentials><AccessKeyId>ASIATEMP000000000001</AccessKeyId><SecretAccessKey>temp-secret</SecretAccessKey><SessionToken>temp-token</SessionToken><Expiration>${expiration}</Expiration></Credentials>`;

export const identity: Reply = ok('GetCallerIdentity', '<Arn>arn:aws:iam::111111111111:user/alice</Arn><UserId>AIDAALICE</UserId><Account>111111111111</Account>');

/** Never answers. */
export const silence: Reply = () => undefined;

/** Sends the status line and headers, then stalls forever mid-body. */
export const stallBody: Reply = (res) => {
  res.writeHead(200, { 'content-type': 'text/xml', 'content-length': '1000' });
  res.write('<GetCallerIdentityResponse>');
};

export async function startScriptedServer(): Promise<ScriptedServer> {
  let replies: Reply[] = [identity];
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = { headers: req.headers, params: new URLSearchParams(Buffer.concat(chunks).toString('utf8')) };
      seen.push(request);
      const reply = replies.length > 1 ? replies.shift()! : replies[0]!;
      reply(res, request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    seen,
    script: (...r) => {
      replies = r;
      seen.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
