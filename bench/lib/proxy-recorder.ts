/**
 * A loopback HTTP(S) proxy that forwards nothing and records every attempt. Pointed at with
 * `HTTPS_PROXY`/`HTTP_PROXY`, it proves that a process (here the AWS CLI answering from its cache)
 * made no network call at all: this CLI version ignores `AWS_ENDPOINT_URL*` for its assume-role
 * step, so the loopback STS alone could not see an attempt to reach the real STS.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ProxyAttempt {
  method: string;
  /** `host:port` for CONNECT, the absolute URL for plain HTTP. */
  target: string;
}

export interface ProxyRecorder {
  readonly url: string;
  /** Every attempt in arrival order. Live array. */
  readonly attempts: ProxyAttempt[];
  close(): Promise<void>;
}

export async function startProxyRecorder(): Promise<ProxyRecorder> {
  const attempts: ProxyAttempt[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    attempts.push({ method: req.method ?? '?', target: req.url ?? '' });
    res.writeHead(502, { 'content-type': 'text/plain' }).end('bench proxy recorder: no forwarding\n');
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  server.on('connect', (req, socket: Socket) => {
    attempts.push({ method: 'CONNECT', target: req.url ?? '' });
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    attempts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
