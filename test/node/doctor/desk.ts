/** A temp desk for doctor tests: AWS files with chosen content and modes, a memory keychain, a fixed clock. */
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemorySecretStore } from '../../../electron/core/keychain/memory-store';
import type { DateFetcher, DoctorDeps } from '../../../electron/core/doctor';

export const NOW = Date.parse('2026-03-01T12:00:00Z');
export const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
export const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

export interface Desk {
  home: string;
  configFile: string;
  credentialsFile: string;
  appDataDir: string;
  secrets: MemorySecretStore;
  deps(extra?: Partial<DoctorDeps>): DoctorDeps;
  /** Every file under home with its bytes and mode, to prove doctor changed nothing. */
  snapshot(): Record<string, string>;
}

/** A fetcher answering with STS's clock `offsetMs` away from NOW. */
export const serverAt = (offsetMs: number): DateFetcher => async () => ({ date: new Date(NOW + offsetMs).toUTCString() });

export function createDesk(files: { config?: string; credentials?: string; configMode?: number; credentialsMode?: number } = {}): Desk {
  const home = mkdtempSync(join(tmpdir(), 'rolecall-doctor-'));
  mkdirSync(join(home, '.aws'), { mode: 0o700 });
  const configFile = join(home, '.aws', 'config');
  const credentialsFile = join(home, '.aws', 'credentials');
  if (files.config !== undefined) writeFileSync(configFile, files.config, { mode: files.configMode ?? 0o600 });
  if (files.credentials !== undefined) writeFileSync(credentialsFile, files.credentials, { mode: files.credentialsMode ?? 0o600 });
  const secrets = new MemorySecretStore();
  const appDataDir = join(home, 'rolecall-data');
  return {
    home,
    configFile,
    credentialsFile,
    appDataDir,
    secrets,
    deps: (extra = {}) => ({
      env: {},
      paths: { configFile, credentialsFile },
      secrets,
      settings: { defaultTarget: 'default', roleTargets: {} },
      now: () => NOW,
      platform: 'linux',
      fetchDate: serverAt(0),
      ...extra,
    }),
    snapshot() {
      const out: Record<string, string> = {};
      const walk = (dir: string): void => {
        for (const name of readdirSync(dir)) {
          const p = join(dir, name);
          const st = statSync(p);
          if (st.isDirectory()) walk(p);
          else out[p] = `${(st.mode & 0o777).toString(8)}:${readFileSync(p, 'latin1')}`;
        }
      };
      walk(home);
      return out;
    },
  };
}

/** A loopback "STS" that answers every request 403 with a Date header `offsetMs` off, recording what it got. */
export async function startDateServer(offsetMs: number): Promise<{ url: string; requests: Array<{ method: string; headers: IncomingHttpHeaders }>; close(): Promise<void> }> {
  const requests: Array<{ method: string; headers: IncomingHttpHeaders }> = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', headers: req.headers });
    res.sendDate = false;
    res.writeHead(403, { date: new Date(Date.now() + offsetMs).toUTCString(), 'content-type': 'text/xml' });
    res.end('<ErrorResponse><Error><Code>MissingAuthenticationToken</Code></Error></ErrorResponse>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((r) => server.close(() => r())) };
}
