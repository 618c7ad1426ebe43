// kafkajs 2.2.4 (its last release) schedules `setTimeout(check, throttledUntil - Date.now())` whenever its request
// queue drains: unthrottled, that is about minus the epoch, so Node >= 24 prints TimeoutNegativeWarning and every
// connection re-runs the check each millisecond while idle (tulios/kafkajs#1751, #1704). patches/kafkajs+2.2.4.patch
// fixes it on `npm ci` (patch-package); this pins the patched behaviour on the installed kafkajs.
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';

interface RequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  scheduleCheckPendingRequests(): void;
  checkPendingRequests(): void;
  destroy(): void;
}

const require = createRequire(import.meta.url);
const RequestQueueClass = require('kafkajs/src/network/requestQueue/index.js') as new (
  options: Record<string, unknown>,
) => RequestQueue;
const silent = { debug() {}, info() {}, warn() {}, error() {} };

function queue(): RequestQueue {
  return new RequestQueueClass({
    maxInFlightRequests: 1,
    requestTimeout: 30_000,
    clientId: 't',
    broker: 'b:9092',
    logger: silent,
  });
}

/** The delays of the timers `run` sets. */
function delaysOf(run: () => void): number[] {
  const spy = vi.spyOn(globalThis, 'setTimeout');
  run();
  const delays = spy.mock.calls.map((call) => Number(call[1]));
  spy.mockRestore();
  return delays;
}

describe('kafkajs request queue (patched)', () => {
  const made: RequestQueue[] = [];
  const make = () => {
    const q = queue();
    made.push(q);
    return q;
  };
  afterEach(() => {
    for (const q of made.splice(0)) q.destroy();
  });

  it('schedules nothing once drained and unthrottled: no negative timeout, no idle 1 ms loop', () => {
    const q = make();
    expect(delaysOf(() => q.checkPendingRequests())).toEqual([]);
    expect(q.throttleCheckTimeoutId).toBeNull();
  });

  it('still re-checks waiting requests every 10 ms while unthrottled', () => {
    const q = make();
    q.pending.push({});
    expect(delaysOf(() => q.scheduleCheckPendingRequests())).toEqual([10]);
  });

  it('checks again when a client-side throttle ends', () => {
    const q = make();
    q.throttledUntil = Date.now() + 5_000;
    const [delay] = delaysOf(() => q.scheduleCheckPendingRequests());
    expect(delay).toBeGreaterThan(4_000);
    expect(delay).toBeLessThanOrEqual(5_000);
  });
});
