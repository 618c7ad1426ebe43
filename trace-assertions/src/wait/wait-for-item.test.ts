import { describe, expect, it } from 'vitest';
import { Emitter } from '../store/emitter.ts';
import { waitForItem } from './wait-for-item.ts';

const source = () => {
  const items: number[] = [];
  const arrivals = new Emitter<number>();
  const add = (n: number) => {
    items.push(n);
    arrivals.emit(n);
  };
  return { items, add, onArrival: (f: () => void) => arrivals.on(f) };
};

describe('waitForItem', () => {
  it('resolves with an item recorded before the wait', async () => {
    const s = source();
    s.add(1);
    s.add(4);
    const found = waitForItem({ ...s, matches: (n) => n > 2, timeoutMs: 1_000, onTimeout: () => new Error('timeout') });
    await expect(found).resolves.toBe(4);
  });

  it('resolves with the first matching item that arrives during the wait', async () => {
    const s = source();
    s.add(1);
    const found = waitForItem({ ...s, matches: (n) => n % 2 === 0, timeoutMs: 1_000, onTimeout: () => 'timeout' });
    s.add(3);
    s.add(6);
    s.add(8);
    await expect(found).resolves.toBe(6);
  });

  it('rejects with the timeout error when nothing matches, and with the abort reason when aborted', async () => {
    const s = source();
    s.add(1);
    const timedOut = waitForItem({ ...s, matches: (n) => n > 5, timeoutMs: 20, onTimeout: () => new Error('none') });
    await expect(timedOut).rejects.toThrow('none');
    const abort = new AbortController();
    const aborted = waitForItem({
      ...s,
      matches: (n) => n > 5,
      timeoutMs: 5_000,
      signal: abort.signal,
      onTimeout: () => new Error('none'),
    });
    abort.abort(new Error('stopped'));
    await expect(aborted).rejects.toThrow('stopped');
  });
});
