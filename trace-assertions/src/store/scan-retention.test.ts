import { beforeAll, describe, expect, it, vi } from 'vitest';
import { sdkRequests } from '../../bench/sdk-requests.ts';
import { proveTeeth } from '../chain/prove-teeth.ts';
import type { Hop } from '../chain/types.ts';
import { isTraceAssertionError } from '../errors.ts';
import { decodeWireRequest } from '../otlp/wire-decode.ts';
import { decodeWireSpans } from '../otlp/wire-records.ts';
import { type StoredSpan, WireSpan } from '../otlp/wire-span.ts';
import { findSpans, nearestSpans } from '../query/find-spans.ts';
import { checkChains } from '../spec/check-chains.ts';
import type { Span, SpanQuery } from '../types.ts';
import { scannedFind } from './scanned-spans.ts';
import { spanBytes } from './span-bytes.ts';
import { addStoredSpans, createSpanStore, type SpanStore } from './span-store.ts';
import '../vitest/index.ts';

// One real SDK request of 512 spans: 64 traces of a server span and seven children ('step 1' … 'step 7', the last a
// producer), each child with `bench.step` set to its step.
let request: Buffer = Buffer.alloc(0);

beforeAll(async () => {
  [request = Buffer.alloc(0)] = await sdkRequests({ spans: 512 });
});

// The stored entries themselves: the test sees whether the store keeps a built span on each.
function wireStore(): { store: SpanStore; stored: StoredSpan[] } {
  const store = createSpanStore();
  const stored = decodeWireSpans(request) ?? [];
  addStoredSpans(store, stored);
  return { store, stored };
}

const keptCount = (stored: readonly StoredSpan[]) =>
  stored.filter((entry) => entry instanceof WireSpan && entry.built).length;

const builtStore = (): SpanStore => {
  const store = createSpanStore();
  store.add(decodeWireRequest(request)?.spans ?? []);
  return store;
};

// Queries no index answers in full: each tests spans read from their bytes and returns only some of them.
const scans: Array<[string, SpanQuery, number]> = [
  ['an attribute range (a scan of every span)', { attributes: { 'bench.step': { gte: 6 } } }, 128],
  ['a name pattern over many spans per name', { name: /^step [67]$/ }, 128],
  ['a range over an indexed kind', { kind: 'internal', attributes: { 'bench.step': { lt: 3 } } }, 128],
  [
    'a parent found by an attribute index',
    { kind: 'producer', parent: { attributes: { 'http.response.status_code': 201 } } },
    64,
  ],
  [
    'a parent found by an attribute range',
    { kind: 'producer', parent: { attributes: { 'http.route': /orders/ } } },
    64,
  ],
  [
    'an alternative with a pick',
    { anyOf: [{ attributes: { 'bench.step': { gte: 7 } }, pick: 'last' }, { name: 'step 1' }] },
    65,
  ],
];

describe('a scan over spans kept as bytes', () => {
  it.each(scans)('keeps only the spans it returns: %s', (_label, query, expected) => {
    const { store, stored } = wireStore();
    const unread = store.stats().bytes;
    const found = store.find(query);
    expect(found).toHaveLength(expected);
    expect(found).toEqual(builtStore().find(query));
    expect(keptCount(stored)).toBe(found.length);
    expect(store.stats().bytes).toBe(unread + found.reduce((sum, span) => sum + spanBytes(span), 0));
  });

  it('keeps only the spans a limited scan returns', () => {
    const { store, stored } = wireStore();
    const found = store.find({ attributes: { 'bench.step': { gte: 1 } } }, { limit: 5 });
    expect(found).toHaveLength(5);
    expect(keptCount(stored)).toBe(5);
  });

  it('returns the objects later reads return, and reads nothing again for spans already kept', () => {
    const { store, stored } = wireStore();
    const found = store.find({ attributes: { 'bench.step': { gte: 6 } } });
    const first = found[0];
    const again = store.trace(first?.traceId ?? '')?.spans.find((span) => span.spanId === first?.spanId);
    expect(again).toBe(first);
    const kept = keptCount(stored);
    const rescanned = store.find({ attributes: { 'bench.step': { gte: 6 } } });
    expect(rescanned).toHaveLength(found.length);
    rescanned.forEach((span, i) => {
      expect(span).toBe(found[i]);
    });
    expect(keptCount(stored)).toBe(kept);
  });

  it('keeps nothing when a query throws midway', () => {
    const { store, stored } = wireStore();
    const failing: SpanQuery = {
      kind: 'producer',
      parent: {
        attributes: {
          'http.route': (value) => {
            throw new Error(`refused ${String(value)}`);
          },
        },
      },
    };
    expect(() => store.find(failing)).toThrow(/refused/);
    expect(keptCount(stored)).toBe(0);
  });
});

// Scans whose spans are tested before they are read (name, service, kind, attributes, resource) and some that are not.
const answers: Array<[string, SpanQuery]> = [
  [
    'a resource pattern and a range',
    { resource: { 'service.name': /bench/ }, attributes: { 'bench.step': { gte: 7 } } },
  ],
  [
    'an attribute found on the resource',
    { attributes: { 'service.name': 'bench-service', 'order.id': { contains: 'o-8' } } },
  ],
  ['an attribute that must be absent', { attributes: { 'bench.step': { exists: false } } }],
  [
    'a predicate',
    { name: { contains: 'step' }, attributes: { 'bench.step': (v) => typeof v === 'number' && v % 2 === 0 } },
  ],
  ['a service pattern', { service: /^bench-/, kind: 'producer' }],
  ['a duration', { name: /^step/, minDurationMs: 0, attributes: { 'bench.step': { lte: 2 } } }],
  ['a parent tested by labels', { kind: 'producer', parent: { name: /^POST/, attributes: { 'http.route': /ord/ } } }],
  ['a parent tested by status', { kind: 'producer', parent: { status: 'unset', attributes: { 'http.route': /ord/ } } }],
];

describe('a scan testing spans before reading them', () => {
  it.each(answers)('answers as a store of built spans: %s', (_label, query) => {
    const { store, stored } = wireStore();
    const found = store.find(query);
    expect(found.length).toBeGreaterThan(0);
    expect(found).toEqual(builtStore().find(query));
    expect(keptCount(stored)).toBe(found.length);
  });
});

// Counts the spans read from their bytes while `run` runs.
function countReads(run: () => void): number {
  let reads = 0;
  const { read, span } = WireSpan.prototype;
  const counted = (original: () => Span) =>
    function (this: WireSpan) {
      if (!this.built) reads += 1;
      return original.call(this);
    };
  const spies = [
    vi.spyOn(WireSpan.prototype, 'read').mockImplementation(counted(read)),
    vi.spyOn(WireSpan.prototype, 'span').mockImplementation(counted(span)),
  ];
  try {
    run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return reads;
}

describe('a scan of labels (name, service, kind, attributes, resource)', () => {
  it.each([
    ['a find: the 128 spans returned', { name: /^step [67]$/ }, 128],
    [
      'a relation: the 64 producers and their 64 parents',
      { kind: 'producer', parent: { attributes: { 'http.route': /ord/ } } },
      128,
    ],
  ] as Array<[string, SpanQuery, number]>)('reads only the spans that pass: %s', (_label, query, expected) => {
    const { store } = wireStore();
    expect(countReads(() => store.find(query))).toBe(expected);
  });
});

describe('readers of every stored span that hand none out', () => {
  it('the span matchers keep none of the spans they read', () => {
    const { store, stored } = wireStore();
    expect(store).toContainSpan({ attributes: { 'bench.step': { gte: 7 } } });
    expect(store).toHaveSpanCount({ name: /^step/ }, 448);
    expect(store).not.toContainSpan({ attributes: { 'bench.step': { gt: 7 } } });
    expect(keptCount(stored)).toBe(0);
  });

  it('a wait tests the stored traces without keeping them, and keeps the trace it resolves with', async () => {
    const { store, stored } = wireStore();
    const traceId = store.traceIds()[5] as string;
    const trace = await store.waitForTrace(traceId, { timeoutMs: 2000, settleMs: 1 });
    expect(trace.spans).toHaveLength(8);
    expect(keptCount(stored)).toBe(8);
    const byQuery = await store.waitForTrace({ attributes: { 'order.id': 'o-80' } }, { timeoutMs: 2000, settleMs: 1 });
    expect(byQuery.spans).toHaveLength(8);
    expect(keptCount(stored)).toBe(16);
  });

  it('a wait that times out explains itself from spans it does not keep', async () => {
    const { store, stored } = wireStore();
    const error = await store
      .waitForTrace({ attributes: { 'bench.step': { gt: 7 } } }, { timeoutMs: 20, settleMs: 1 })
      .catch((caught: unknown) => caught);
    expect(isTraceAssertionError(error, 'TRACE_TIMEOUT')).toBe(true);
    expect(String((error as Error).message)).toMatch(/nearest spans to the target query/);
    expect(keptCount(stored)).toBe(0);
  });
});

describe('the query functions given a store', () => {
  const query: SpanQuery = { attributes: { 'bench.step': { gte: 6 } } };

  it('findSpans answers from the store and keeps only the spans it returns', () => {
    const { store, stored } = wireStore();
    const found = findSpans(store, query);
    expect(found).toHaveLength(128);
    expect(found).toEqual(findSpans(builtStore().spans(), query));
    expect(keptCount(stored)).toBe(128);
    store.find(query).forEach((span, i) => {
      expect(span).toBe(found[i]);
    });
  });

  it('a find reads a span named by trace and span id alone', () => {
    const { store } = wireStore();
    const [traceId, spanId] = [stored0(store).traceId, stored0(store).spanId];
    expect(countReads(() => store.find({ traceId, spanId: spanId.toUpperCase() }))).toBe(1);
    expect(store.find({ traceId, spanId })).toHaveLength(1);
    expect(store.find({ traceId, spanId: '0'.repeat(16) })).toEqual([]);
  });

  it('nearestSpans keeps none of the spans it reads', () => {
    const { store, stored } = wireStore();
    const missing: SpanQuery = { name: 'step 7', attributes: { 'bench.step': 8 } };
    const nearest = nearestSpans(store, missing);
    expect(nearest).toHaveLength(3);
    expect(nearest).toEqual(nearestSpans(builtStore(), missing));
    expect(keptCount(stored)).toBe(0);
  });

  it('scannedFind answers as find and keeps none of the spans it reads', () => {
    const { store, stored } = wireStore();
    const unread = store.stats().bytes;
    const found = scannedFind(store, query);
    expect(found).toEqual(builtStore().find(query));
    expect(keptCount(stored)).toBe(0);
    expect(store.stats().bytes).toBe(unread);
    const [kept] = store.find({ ...query, traceId: found[0]?.traceId ?? '' });
    expect(scannedFind(store, query)).toContain(kept);
    expect(keptCount(stored)).toBe(2);
  });
});

// The first stored span, read without keeping it.
function stored0(store: SpanStore): Span {
  return scannedFind(store, { name: 'step 3' })[0] as Span;
}

describe('a checked chain over a store of spans kept as bytes', () => {
  const hops: Hop[] = [
    { kind: 'http-server', service: 'bench-service', route: '/orders' },
    { kind: 'span', query: { name: 'step 7', kind: 'producer' } },
  ];

  it('freezes and keeps only its own trace, and proves the same teeth as over every stored span', async () => {
    const { store, stored } = wireStore();
    const traceId = store.traceIds()[9] as string;
    const [segment] = await checkChains([hops], { base: { traceId, spans: store }, timeoutMs: 2000 });
    expect(segment?.result.ok).toBe(true);
    const frozen = segment?.checked.spans as readonly Span[];
    expect(frozen.map((span) => span.spanId)).toEqual(store.trace(traceId)?.spans.map((span) => span.spanId));
    expect(keptCount(stored)).toBe(8);
    const everySpan = { ...segment?.checked, hops, spans: builtStore().spans() };
    const teeth = proveTeeth(
      segment?.result as NonNullable<typeof segment>['result'],
      segment?.checked as typeof everySpan,
    );
    expect(teeth.counts.checks).toBeGreaterThan(0);
    expect(teeth).toEqual(proveTeeth(segment?.result as NonNullable<typeof segment>['result'], everySpan));
  });
});
