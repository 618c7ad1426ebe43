import { describe, expect, it, vi } from 'vitest';
import { fixtureSpans, ORDER_FLOW } from '../test-support/fixtures.ts';
import type { Span } from '../types.ts';
import { createSpanStore } from './span-store.ts';

const spans = fixtureSpans('order-flow');

function copyWithTrace(span: Span, traceId: string): Span {
  return { ...span, traceId };
}

describe('createSpanStore', () => {
  it('indexes spans arriving out of order across many calls', () => {
    const store = createSpanStore();
    for (const span of [...spans].reverse()) store.add([span]);
    expect(store.trace(ORDER_FLOW.traceId)?.spans).toHaveLength(7);
    expect(store.traceIds().sort()).toEqual([ORDER_FLOW.traceId, ORDER_FLOW.batchTraceId]);
    expect(store.byService('payment-service')).toHaveLength(5);
    expect(store.byKind('producer').map((s) => s.spanId)).toEqual([ORDER_FLOW.producerSpanId]);
    expect(store.byName('payments.authorize')).toHaveLength(2);
    expect(store.find('span[kind="consumer"]')).toHaveLength(3);
  });

  it('replaces a re-exported span instead of counting it twice', () => {
    const store = createSpanStore();
    store.add(spans);
    store.add(spans.slice(0, 2));
    expect(store.stats().spans).toBe(spans.length);
  });

  it('evicts the least recently active traces past maxSpans and reports it', () => {
    const onEvict = vi.fn();
    const store = createSpanStore({ maxSpans: 10, onEvict });
    const traceIds = ['1', '2', '3'].map((n) => n.repeat(32));
    for (const traceId of traceIds) store.add(spans.slice(0, 4).map((s) => copyWithTrace(s, traceId)));
    expect(store.stats()).toMatchObject({ spans: 8, traces: 2, evictedTraces: 1, evictedSpans: 4, maxSpans: 10 });
    expect(onEvict).toHaveBeenCalledWith({ traceId: traceIds[0], spanCount: 4, maxSpans: 10, evictedTraces: 1 });
    expect(store.wasEvicted(traceIds[0] as string)).toBe(true);
    expect(store.trace(traceIds[0] as string)).toBeUndefined();
    expect(store.byService('order-service')).toHaveLength(8);
  });

  it('keeps a single trace larger than maxSpans whole', () => {
    const store = createSpanStore({ maxSpans: 2 });
    store.add(spans.filter((s) => s.traceId === ORDER_FLOW.traceId));
    expect(store.stats()).toMatchObject({ spans: 7, evictedTraces: 0 });
  });

  it('emits arrivals to subscribers until they unsubscribe', () => {
    const store = createSpanStore();
    const seen: number[] = [];
    const off = store.onSpans((batch) => seen.push(batch.length));
    store.add(spans.slice(0, 3));
    off();
    store.add(spans.slice(3));
    expect(seen).toEqual([3]);
  });
});

describe('createSpanStore maxBytes', () => {
  const big = (span: Span, traceId: string, size: number): Span => ({
    ...span,
    traceId,
    attributes: { ...span.attributes, 'payload.blob': 'x'.repeat(size) },
  });
  const traceIds = ['1', '2', '3', '4'].map((n) => n.repeat(32));

  it('counts estimated bytes, resources once, and releases them on replacement and clear', () => {
    const store = createSpanStore();
    store.add(spans);
    const before = store.stats().bytes;
    expect(before).toBeGreaterThan(spans.length * 300);
    store.add(spans.slice(0, 1).map((s) => big(s, s.traceId, 10_000)));
    expect(store.stats().bytes - before).toBeGreaterThanOrEqual(10_000);
    store.add(spans.slice(0, 1));
    expect(store.stats().bytes).toBe(before);
    store.clear();
    expect(store.stats()).toMatchObject({ spans: 0, bytes: 0 });
  });

  it('evicts the least recently active traces past maxBytes and reports why', () => {
    const onEvict = vi.fn();
    const store = createSpanStore({ maxBytes: 250_000, onEvict });
    for (const traceId of traceIds) store.add(spans.slice(0, 1).map((s) => big(s, traceId, 100_000)));
    expect(store.stats()).toMatchObject({
      spans: 2,
      traces: 2,
      evictedTraces: 2,
      evictedByBytes: 2,
      maxBytes: 250_000,
    });
    expect(store.stats().bytes).toBeLessThanOrEqual(250_000);
    expect(onEvict).toHaveBeenCalledWith({
      traceId: traceIds[0],
      spanCount: 1,
      maxSpans: 100_000,
      evictedTraces: 1,
      reason: 'maxBytes',
      maxBytes: 250_000,
    });
    expect(store.evictionReason(traceIds[1] as string)).toBe('maxBytes');
    expect(store.trace(traceIds[3] as string)?.spans).toHaveLength(1);
  });

  it('evicts even a single trace that alone exceeds maxBytes', () => {
    const store = createSpanStore({ maxBytes: 50_000 });
    store.add(spans.slice(0, 3).map((s) => big(s, traceIds[0] as string, 4_000_000)));
    expect(store.stats()).toMatchObject({ spans: 0, traces: 0, bytes: 0, evictedByBytes: 1, evictedSpans: 3 });
    expect(store.wasEvicted(traceIds[0] as string)).toBe(true);
  });

  it('names maxBytes in the timeout message of an evicted trace', async () => {
    const store = createSpanStore({ maxBytes: 50_000 });
    store.add(spans.slice(0, 1).map((s) => big(s, traceIds[0] as string, 100_000)));
    const error = await store.waitForTrace(traceIds[0] as string, { timeoutMs: 10 }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('EVICTED from the store to stay under maxBytes: raise maxBytes');
    expect((error as Error).message).toContain('1 of those traces past maxBytes 50000');
  });
});
