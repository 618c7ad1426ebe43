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
