import { describe, expect, it } from 'vitest';
import { backoffDelay, sleep } from './backoff.ts';

const policy = { baseDelayMs: 100, maxDelayMs: 2_000 };

describe('backoffDelay', () => {
  it.each([
    [1, 50, 100],
    [2, 100, 200],
    [3, 200, 400],
    [5, 800, 1_600],
    [6, 1_000, 2_000],
    [30, 1_000, 2_000],
  ])('attempt %i waits between %i and %i ms', (attempt, low, high) => {
    expect(backoffDelay(attempt, policy, () => 0)).toBe(low);
    expect(backoffDelay(attempt, policy, () => 1)).toBe(high);
    const sampled = backoffDelay(attempt, policy);
    expect(sampled).toBeGreaterThanOrEqual(low);
    expect(sampled).toBeLessThanOrEqual(high);
  });

  it('spreads retries out (jitter)', () => {
    const samples = new Set(Array.from({ length: 50 }, () => backoffDelay(4, policy)));
    expect(samples.size).toBeGreaterThan(10);
  });
});

describe('sleep', () => {
  it('rejects with the abort reason as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error('stopping'));
    await expect(pending).rejects.toThrow('stopping');
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
