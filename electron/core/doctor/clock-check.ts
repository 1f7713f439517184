/**
 * The clock check: AWS refuses requests signed more than 5 minutes off its own clock ("Signature
 * expired", RequestExpired), and Rolecall deliberately does not paper over that (the AWS CLI signs
 * with the local clock too). So doctor compares the local clock with the `Date` header of one
 * unsigned GET to the STS endpoint the SDKs would use — no credentials are sent, and STS answers
 * any request, even a refused one, with its time.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { DateFetcher, DoctorCheck } from './types';

/** Above this the offset is worth fixing; above {@link FAIL_SECONDS} AWS rejects signatures. */
export const WARN_SECONDS = 60;
export const FAIL_SECONDS = 300;

/**
 * The STS endpoint the JS SDK would call: `AWS_ENDPOINT_URL_STS`, then `AWS_ENDPOINT_URL`, then the
 * regional endpoint of the region in the environment (or `fallbackRegion`, else us-east-1).
 */
export function stsEndpointFor(env: Readonly<Record<string, string | undefined>>, fallbackRegion?: string): string {
  const explicit = (env.AWS_ENDPOINT_URL_STS || env.AWS_ENDPOINT_URL || '').trim();
  if (explicit) return explicit;
  const region = (env.AWS_REGION || env.AWS_DEFAULT_REGION || fallbackRegion || 'us-east-1').trim();
  if (!/^[a-z0-9-]{2,40}$/.test(region)) return 'https://sts.us-east-1.amazonaws.com';
  return `https://sts.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
}

/** One GET without keep-alive (a CLI must be able to exit right after), resolving with the Date header. */
export const fetchDate: DateFetcher = (url, timeoutMs) =>
  new Promise((resolve, reject) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      reject(new Error('invalid URL'));
      return;
    }
    const send = parsed.protocol === 'http:' ? httpRequest : parsed.protocol === 'https:' ? httpsRequest : undefined;
    if (!send) {
      reject(new Error(`unsupported protocol ${parsed.protocol}`));
      return;
    }
    const req = send(parsed, { method: 'GET', agent: false, timeout: timeoutMs, headers: { 'user-agent': 'rolecall-doctor' } }, (res) => {
      const date = res.headers.date ?? null;
      res.resume();
      resolve({ date });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end();
  });

/** "3 min 12 s", "45 s", "2 h 5 min". */
export function formatOffset(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
}

const FIX = 'Turn on automatic time synchronisation (Linux: timedatectl set-ntp true; macOS and Windows: Date & Time settings → set automatically).';

/**
 * Compares the local clock with STS's. The `Date` header has one-second resolution, so the server
 * time is taken as the middle of that second, and the local time as the middle of the round trip.
 * A network failure is a warning (doctor must work offline), never a crash.
 */
export async function checkClock(opts: { url: string; now: () => number; fetch: DateFetcher; timeoutMs: number }): Promise<DoctorCheck> {
  const id = 'clock';
  let host = opts.url;
  try {
    host = new URL(opts.url).host;
  } catch {
    // reported below by the fetcher
  }
  const started = opts.now();
  let date: string | null;
  try {
    ({ date } = await opts.fetch(opts.url, opts.timeoutMs));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | undefined)?.code ?? (e instanceof Error ? e.message : 'error');
    return {
      id,
      status: 'warn',
      message: `Could not reach STS at ${host} to compare clocks (${code}).`,
      fix: 'Check your network or proxy (AWS_ENDPOINT_URL_STS is honoured), then run rolecall doctor again.',
    };
  }
  const ended = opts.now();
  const server = date === null ? Number.NaN : Date.parse(date);
  if (Number.isNaN(server)) {
    return { id, status: 'warn', message: `STS at ${host} answered without a usable Date header, so the clock could not be compared.`, fix: 'Check that AWS_ENDPOINT_URL_STS points at STS (or a proxy that passes the Date header).' };
  }
  const offset = (started + ended) / 2 - (server + 500); // positive: the local clock is ahead
  const seconds = offset / 1000;
  const abs = Math.abs(seconds);
  const side = seconds > 0 ? 'ahead of' : 'behind';
  if (abs <= WARN_SECONDS) {
    return { id, status: 'ok', message: `Your clock agrees with STS at ${host} (within ${abs < 2 ? '2 s' : formatOffset(abs)}).` };
  }
  if (abs <= FAIL_SECONDS) {
    return { id, status: 'warn', message: `Your clock is ${formatOffset(abs)} ${side} STS at ${host}; past 5 minutes AWS rejects every signed request.`, fix: FIX };
  }
  return {
    id,
    status: 'fail',
    message: `Your clock is ${formatOffset(abs)} ${side} STS at ${host}: AWS rejects requests signed that far off ("Signature expired"), so no switch or refresh can work.`,
    fix: FIX,
  };
}
