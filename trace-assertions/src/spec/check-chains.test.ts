import { describe, expect, it } from 'vitest';
import type { Hop } from '../chain/types.ts';
import { fixtureSpans } from '../test-support/fixtures.ts';
import { checkChains } from './check-chains.ts';

const spans = fixtureSpans('order-flow');
const found: Hop[] = [{ kind: 'http-server', service: 'order-service' }];
const never: Hop[] = [{ kind: 'span', query: { name: 'never recorded' } }];

describe('checkChains', () => {
  it('keeps each segment at its offset, with the evidence it was checked against', async () => {
    const segments = await checkChains([found, never, found], {
      base: { correlationId: 'corr-123', spans },
      timeoutMs: 50,
    });
    expect(segments.map((s) => [s.offset, s.result.ok, s.checked.hops])).toEqual([
      [0, true, found],
      [1, false, never],
      [2, true, found],
    ]);
  });

  // Waited one after another, two chains whose evidence never comes would take twice the timeout.
  it('waits for the chains side by side: evidence missing from several costs one timeout, not one each', async () => {
    const started = performance.now();
    const segments = await checkChains([never, never], {
      base: { correlationId: 'corr-123', spans },
      timeoutMs: 500,
    });
    expect(segments.map((s) => s.result.firstBroken?.hop)).toEqual([never[0], never[0]]);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
