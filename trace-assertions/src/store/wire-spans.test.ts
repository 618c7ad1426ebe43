import { beforeAll, describe, expect, it } from 'vitest';
import { sdkRequests } from '../../bench/sdk-requests.ts';
import { decodeWireRequest } from '../otlp/wire-decode.ts';
import { decodeWireSpans } from '../otlp/wire-records.ts';
import type { StoredSpan } from '../otlp/wire-span.ts';
import type { QueryInput, Span } from '../types.ts';
import { addStoredSpans, createSpanStore, type SpanStore, type SpanStoreOptions } from './span-store.ts';

// Two real SDK requests of 512 spans (64 traces of 8 spans each).
let requests: Buffer[] = [];

beforeAll(async () => {
  requests = await sdkRequests({ spans: 1024 });
});

const stored = (request: Buffer): StoredSpan[] => decodeWireSpans(request) ?? [];
const eager = (request: Buffer): Span[] => decodeWireRequest(request)?.spans ?? [];
const byKey = (spans: readonly Span[]) =>
  [...spans].sort((a, b) => (a.traceId + a.spanId).localeCompare(b.traceId + b.spanId));

function stores(options: SpanStoreOptions = {}): { lazy: SpanStore; built: SpanStore } {
  const lazy = createSpanStore(options);
  const built = createSpanStore(options);
  for (const request of requests) {
    addStoredSpans(lazy, stored(request));
    built.add(eager(request));
  }
  return { lazy, built };
}

const queries: QueryInput[] = [
  'span[kind="producer"]',
  { name: 'step 3' },
  { service: 'bench-service', kind: 'server' },
  { attributes: { 'bench.step': 3 } },
  { attributes: { 'order.id': { contains: 'o-10' } } },
  { name: { contains: 'step' }, kind: 'internal' },
  'span[name="POST /orders"] > span[kind="producer"]',
];

describe('a store fed spans kept as bytes', () => {
  it('answers every read as a store fed the built spans', () => {
    const { lazy, built } = stores();
    expect(lazy.stats().spans).toBe(1024);
    expect(byKey(lazy.spans())).toEqual(byKey(built.spans()));
    expect(lazy.traceIds()).toEqual(built.traceIds());
    const traceId = built.traceIds()[7] as string;
    expect(lazy.trace(traceId)).toEqual(built.trace(traceId));
    expect(byKey(lazy.byName('step 2'))).toEqual(byKey(built.byName('step 2')));
    expect(lazy.byKind('server')).toHaveLength(128);
    for (const query of queries) {
      const found = lazy.find(query);
      expect({ query, found }).toEqual({ query, found: built.find(query) });
      expect(found.length).toBeGreaterThan(0);
    }
    expect(lazy.find({ kind: 'internal' }, { limit: 5 })).toHaveLength(5);
  });

  it('builds an attribute index from the bytes: only the spans a query returns are read', () => {
    const store = createSpanStore();
    addStoredSpans(store, stored(requests[0] as Buffer));
    const unread = store.stats().bytes;
    expect(store.find({ attributes: { 'bench.step': 999 } })).toEqual([]);
    expect(store.stats().bytes).toBe(unread);
    const found = store.find({ attributes: { 'bench.step': 3 } });
    expect(found).toHaveLength(64);
    const expected = eager(requests[0] as Buffer).filter((span) => span.attributes['bench.step'] === 3);
    expect(byKey(found)).toEqual(byKey(expected));
    expect(store.stats().bytes).toBeGreaterThan(unread);
  });

  it('reads each span once: every read returns the same object', () => {
    const { lazy } = stores();
    const [first] = lazy.find({ name: 'step 1' });
    const again = lazy.trace(first?.traceId ?? '')?.spans.find((span) => span.spanId === first?.spanId);
    expect(again).toBe(first);
  });

  it('evicts by count as a store of built spans does', () => {
    const { lazy, built } = stores({ maxSpans: 300 });
    expect(lazy.traceIds()).toEqual(built.traceIds());
    const { bytes: _lazyBytes, ...lazyStats } = lazy.stats();
    const { bytes: _builtBytes, ...builtStats } = built.stats();
    expect(lazyStats).toEqual(builtStats);
    expect(lazyStats.evictedTraces).toBeGreaterThan(0);
    expect(byKey(lazy.find({ kind: 'producer' }))).toEqual(byKey(built.find({ kind: 'producer' })));
  });

  it('counts the retained request bytes once per request, released with its last span', () => {
    const one = createSpanStore();
    addStoredSpans(one, stored(requests[0] as Buffer));
    expect(one.stats().bytes).toBeGreaterThan((requests[0] as Buffer).length);
    const maxBytes = Math.round(one.stats().bytes * 1.5);
    const bounded = createSpanStore({ maxBytes });
    const entries = requests.map(stored);
    for (const spans of entries) addStoredSpans(bounded, spans);
    expect(bounded.stats().evictedByBytes).toBeGreaterThan(0);
    expect(bounded.stats().bytes).toBeLessThanOrEqual(maxBytes);
    // The same spans, decoded again, added to a fresh store count the same bytes: nothing evicted is still counted.
    const kept = new Set(bounded.spans().map((span) => `${span.traceId}/${span.spanId}`));
    const fresh = createSpanStore();
    addStoredSpans(
      fresh,
      requests.flatMap((request) => stored(request)).filter((span) => kept.has(`${span.traceId}/${span.spanId}`)),
    );
    fresh.spans();
    expect(bounded.stats().bytes).toBe(fresh.stats().bytes);
  });

  it('counts a span read from its bytes while it is stored, and no longer once it is evicted', () => {
    const store = createSpanStore({ maxSpans: 512 });
    addStoredSpans(store, stored(requests[0] as Buffer));
    const unread = store.stats().bytes;
    store.spans();
    expect(store.stats().bytes).toBeGreaterThan(unread + 512 * 300);
    addStoredSpans(store, stored(requests[1] as Buffer));
    const fresh = createSpanStore({ maxSpans: 512 });
    addStoredSpans(fresh, stored(requests[1] as Buffer));
    expect(store.stats()).toMatchObject({ spans: 512, bytes: fresh.stats().bytes });
  });

  it('keeps the count when re-exported spans replace read ones under an attribute index', () => {
    const query = { attributes: { 'bench.step': 2 } };
    const replaced = createSpanStore();
    replaced.find(query);
    addStoredSpans(replaced, stored(requests[0] as Buffer));
    replaced.spans();
    addStoredSpans(replaced, stored(requests[0] as Buffer));
    const once = createSpanStore();
    once.find(query);
    addStoredSpans(once, stored(requests[0] as Buffer));
    expect(replaced.stats()).toEqual(once.stats());
    expect(replaced.find(query)).toEqual(once.find(query));
  });

  it('hands listeners built spans, the same objects later reads return', () => {
    const store = createSpanStore();
    const arrived: Span[] = [];
    const stop = store.onSpans((spans) => arrived.push(...spans));
    addStoredSpans(store, stored(requests[0] as Buffer));
    stop();
    expect(arrived).toEqual(eager(requests[0] as Buffer));
    const traceId = arrived[0]?.traceId ?? '';
    expect(store.trace(traceId)?.spans[0]).toBe(arrived[0]);
  });
});
