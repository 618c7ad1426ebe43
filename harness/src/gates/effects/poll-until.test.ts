import { describe, expect, it } from 'vitest';
import { pollUntil } from './poll-until.ts';

describe('pollUntil', () => {
  it('resolves with the first probe that is done', async () => {
    let calls = 0;
    const value = await pollUntil({
      probe: () => ++calls,
      done: (n) => n === 3,
      timeoutMs: 5_000,
      pollMs: 5,
      signal: new AbortController().signal,
    });
    expect(value).toBe(3);
    expect(calls).toBe(3);
  });

  it('resolves with one last probe once the time is up', async () => {
    let calls = 0;
    const value = await pollUntil({
      probe: async () => ++calls,
      done: () => false,
      timeoutMs: 30,
      pollMs: 5,
      signal: new AbortController().signal,
    });
    expect(value).toBe(calls);
    expect(calls).toBeGreaterThan(1);
  });

  it('rejects with the abort reason and stops probing', async () => {
    const abort = new AbortController();
    let calls = 0;
    const waiting = pollUntil({
      probe: () => ++calls,
      done: () => false,
      timeoutMs: 5_000,
      pollMs: 5,
      signal: abort.signal,
    });
    abort.abort(new Error('interrupted'));
    await expect(waiting).rejects.toThrow('interrupted');
    const after = calls;
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).toBe(after);
  });
});
