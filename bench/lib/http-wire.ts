/**
 * Measures the time a piece of work spends with HTTP requests in flight, from Node's own
 * `diagnostics_channel` events (request created → response headers received). No wrapper, proxy
 * or patched client sits in the path, so the measured code runs exactly as in production; that is
 * how the switch benchmark isolates "the STS round trip" inside a real `core.switchTo`.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';

export interface WireMeasurement<T> {
  value: T;
  /** Wall time of the whole call. */
  totalMs: number;
  /** Union of the intervals during which at least one HTTP client request was open. */
  httpMs: number;
  /** HTTP client requests that completed during the call. */
  requests: number;
}

export interface HttpWireMeter {
  /** Runs `fn` and reports how much of its wall time was spent waiting on HTTP. Calls must not overlap. */
  measure<T>(fn: () => Promise<T>): Promise<WireMeasurement<T>>;
  dispose(): void;
}

const START = 'http.client.request.start';
const FINISH = 'http.client.response.finish';

interface StartMessage {
  request: object;
}

export function createHttpWireMeter(): HttpWireMeter {
  const started = new WeakMap<object, number>();
  let intervals: Array<[number, number]> = [];
  const onStart = (message: unknown): void => {
    started.set((message as StartMessage).request, performance.now());
  };
  const onFinish = (message: unknown): void => {
    const end = performance.now();
    const begin = started.get((message as StartMessage).request);
    if (begin !== undefined) intervals.push([begin, end]);
  };
  subscribe(START, onStart);
  subscribe(FINISH, onFinish);
  return {
    async measure(fn) {
      intervals = [];
      const t0 = performance.now();
      const value = await fn();
      const totalMs = performance.now() - t0;
      return { value, totalMs, httpMs: unionLength(intervals), requests: intervals.length };
    },
    dispose() {
      unsubscribe(START, onStart);
      unsubscribe(FINISH, onFinish);
    },
  };
}

/** Total length covered by possibly overlapping intervals. */
export function unionLength(intervals: ReadonlyArray<readonly [number, number]>): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let curStart = -Infinity;
  let curEnd = -Infinity;
  for (const [s, e] of sorted) {
    if (s > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = s;
      curEnd = e;
    } else if (e > curEnd) {
      curEnd = e;
    }
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}
