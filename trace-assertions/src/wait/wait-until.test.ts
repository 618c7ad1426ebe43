import { describe, expect, it } from 'vitest';
import { Emitter } from '../store/emitter.ts';
import { type WaitCheck, waitUntil } from './wait-until.ts';

/** A push source whose listeners can be counted, so a test sees every subscription released. */
function source() {
  const emitter = new Emitter<void>();
  let listeners = 0;
  const subscribe = (onChange: () => void) => {
    listeners += 1;
    const off = emitter.on(onChange);
    return () => {
      listeners -= 1;
      off();
    };
  };
  return { subscribe, emit: () => emitter.emit(), listeners: () => listeners };
}

const timeoutError = () => new Error('timed out');

describe('waitUntil', () => {
  it('resolves on the change that makes the check pass, and unsubscribes', async () => {
    const src = source();
    let value = 0;
    const waiting = waitUntil<number>({
      subscribe: src.subscribe,
      check: (): WaitCheck<number> => (value >= 2 ? { done: true, value } : { done: false }),
      timeoutMs: 1000,
      onTimeout: timeoutError,
    });
    value = 1;
    src.emit();
    value = 2;
    src.emit();
    await expect(waiting).resolves.toBe(2);
    expect(src.listeners()).toBe(0);
  });

  it('with settleMs, resolves only once the check still passes after a quiet period', async () => {
    const src = source();
    let done = true;
    const waiting = waitUntil<string>({
      subscribe: src.subscribe,
      check: () => (done ? { done: true, value: 'settled' } : { done: false }),
      timeoutMs: 1000,
      settleMs: 50,
      onTimeout: timeoutError,
    });
    await new Promise((r) => setTimeout(r, 10));
    done = false;
    src.emit();
    await new Promise((r) => setTimeout(r, 80));
    let settled = false;
    void waiting.then(() => {
      settled = true;
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(settled).toBe(false);
    done = true;
    src.emit();
    await expect(waiting).resolves.toBe('settled');
  });

  it('polls an asynchronous check until it passes', async () => {
    let calls = 0;
    const value = await waitUntil<number>({
      pollIntervalMs: 5,
      check: async () => {
        calls += 1;
        return calls === 3 ? { done: true, value: calls } : { done: false };
      },
      timeoutMs: 1000,
      onTimeout: timeoutError,
    });
    expect(value).toBe(3);
  });

  it('rejects with the timeout error and releases the subscription', async () => {
    const src = source();
    const waiting = waitUntil({
      subscribe: src.subscribe,
      check: () => ({ done: false }),
      timeoutMs: 20,
      onTimeout: timeoutError,
    });
    await expect(waiting).rejects.toThrow('timed out');
    expect(src.listeners()).toBe(0);
  });

  it('rejects with the abort reason, before or during the wait, and stops polling', async () => {
    const before = new AbortController();
    before.abort(new Error('stopped early'));
    let calls = 0;
    const check = () => {
      calls += 1;
      return { done: false } as const;
    };
    await expect(
      waitUntil({ pollIntervalMs: 1, check, timeoutMs: 1000, signal: before.signal, onTimeout: timeoutError }),
    ).rejects.toThrow('stopped early');
    expect(calls).toBe(0);
    const during = new AbortController();
    const src = source();
    const waiting = waitUntil({
      subscribe: src.subscribe,
      pollIntervalMs: 1,
      check,
      timeoutMs: 60_000,
      signal: during.signal,
      onTimeout: timeoutError,
    });
    setTimeout(() => during.abort(new Error('Ctrl-C')), 20);
    await expect(waiting).rejects.toThrow('Ctrl-C');
    const afterAbort = calls;
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toBe(afterAbort);
    expect(src.listeners()).toBe(0);
  });

  it('rejects with the error a check throws', async () => {
    const waiting = waitUntil({
      check: () => {
        throw new Error('backend down');
      },
      timeoutMs: 1000,
      onTimeout: timeoutError,
    });
    await expect(waiting).rejects.toThrow('backend down');
  });
});
