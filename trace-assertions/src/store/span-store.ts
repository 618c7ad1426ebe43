import { builtSpans } from '../otlp/wire-records.ts';
import type { StoredSpan } from '../otlp/wire-span.ts';
import { compileLocalMatch } from '../query/compile-local.ts';
import { createEvaluator } from '../query/engine.ts';
import { compareSpans } from '../query/span-index.ts';
import { provideStoreReads } from '../query/store-reads.ts';
import { toQuery } from '../query/to-query.ts';
import type { EvictionEvent, QueryInput, Span, SpanKind, SpanQuery, SpanStoreStats, Trace } from '../types.ts';
import { keepState, scannedSpans, stateOf } from './scanned-spans.ts';
import type { StoreIndex } from './store-index.ts';
import { StoredSpans } from './stored-spans.ts';
import { type TraceTarget, type WaitForTraceOptions, waitForTrace } from './wait-for-trace.ts';

/** Options of createSpanStore. */
export interface SpanStoreOptions {
  /** Upper bound on stored spans; the least recently active traces are evicted past it. Default 100 000. */
  readonly maxSpans?: number;
  /**
   * Upper bound on the estimated bytes the stored spans retain (strings by length, resources and scopes once; for
   * spans the receiver keeps as their request bytes, those bytes once per request, plus each span once read); the
   * least recently active traces are evicted past it, even a single trace. Default 134 217 728 (128 MiB).
   */
  readonly maxBytes?: number;
  /** Called for every evicted trace (the store also counts evictions and reports them in timeouts). */
  readonly onEvict?: (event: EvictionEvent) => void;
}

/** Options of SpanStore.find. */
export interface FindOptions {
  /** Stop after this many matches (default: all). */
  readonly limit?: number;
}

/** An in-memory, indexed, bounded store of spans that emits on arrival. */
export interface SpanStore {
  /** Adds spans (any order, any trace); a span with a known trace id + span id replaces the old one. */
  add(spans: readonly Span[]): void;
  /** Every stored span. */
  spans(): Span[];
  trace(traceId: string): Trace | undefined;
  traces(): Trace[];
  traceIds(): string[];
  byService(service: string): Span[];
  byName(name: string): Span[];
  byKind(kind: SpanKind): Span[];
  /**
   * Spans across all traces matching a query, in start-time order; answered from indexes where the query allows.
   * With `limit`, the search stops at that many matches: some of the matching spans, not necessarily the earliest.
   */
  find(query: QueryInput, options?: FindOptions): Span[];
  stats(): SpanStoreStats;
  /** True when the trace was dropped to honour maxSpans or maxBytes. */
  wasEvicted(traceId: string): boolean;
  /** Why the trace was dropped (`maxSpans` or `maxBytes`), or undefined when it was not. */
  evictionReason(traceId: string): 'maxSpans' | 'maxBytes' | undefined;
  /** Subscribes to arriving spans; returns the unsubscribe function. */
  onSpans(listener: (spans: readonly Span[]) => void): () => void;
  /** Subscribes to evictions; returns the unsubscribe function. */
  onEvict(listener: (event: EvictionEvent) => void): () => void;
  /** Waits, push-driven, until a trace satisfies the options; see waitForTrace. */
  waitForTrace(target: TraceTarget, options?: WaitForTraceOptions): Promise<Trace>;
  clear(): void;
}

const DEFAULT_MAX_BYTES = 128 * 1024 * 1024;

// The relations the query engine resolves; a query without them is only its own-field test.
function ownFieldsOnly(query: SpanQuery): boolean {
  return (
    query.parent === undefined &&
    query.ancestor === undefined &&
    query.ancestorOrLinked === undefined &&
    query.linksTo === undefined &&
    query.linkedFrom === undefined &&
    query.anyOf === undefined &&
    query.pick === undefined
  );
}

function findIn(index: StoreIndex, query: SpanQuery, limit: number | undefined): Span[] {
  // The engine's own-field test over the candidates, called directly: what the engine does, without its bookkeeping.
  if (limit === undefined && ownFieldsOnly(query))
    return index.filter(query, compileLocalMatch(query)).sort(compareSpans);
  return index.query(() => evaluate(index, query, limit));
}

function evaluate(index: StoreIndex, query: SpanQuery, limit: number | undefined): Span[] {
  const evaluator = createEvaluator(index);
  if (limit === undefined || query.pick !== undefined) return evaluator.select(query).slice(0, limit);
  const found: Span[] = [];
  if (limit > 0) {
    index.eachCandidate(query, (span) => {
      if (evaluator.matches(span, query)) found.push(span);
      return found.length < limit;
    });
  }
  return found.sort(compareSpans);
}

/**
 * Adds stored spans to a store: as they are to a store createSpanStore made (spans kept as bytes stay so until read),
 * built to any other SpanStore.
 */
export function addStoredSpans(store: SpanStore, spans: readonly StoredSpan[]): void {
  const state = stateOf(store);
  if (state === undefined) store.add(builtSpans(spans));
  else state.add(spans);
}

/**
 * Creates an empty SpanStore.
 * @example const store = createSpanStore({ maxSpans: 10_000, maxBytes: 64 * 1024 * 1024, onEvict: (e) => console.warn(e) });
 */
export function createSpanStore(options: SpanStoreOptions = {}): SpanStore {
  const state = new StoredSpans({
    maxSpans: options.maxSpans ?? 100_000,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
  });
  const { table, index, evictions } = state;
  const resolve = (stored: StoredSpan) => state.resolve(stored);
  const built = (spans: readonly StoredSpan[]) => spans.map(resolve);
  if (options.onEvict) evictions.listeners.on(options.onEvict);
  const store: SpanStore = {
    add: (spans) => state.add(spans),
    spans: () => [...table.lists()].flatMap(built),
    trace(traceId) {
      const id = traceId.toLowerCase();
      const spans = table.spansOf(id);
      return spans ? { traceId: id, spans: built(spans) } : undefined;
    },
    traces: () => [...table.traceIds()].map((traceId) => ({ traceId, spans: built(table.spansOf(traceId) ?? []) })),
    traceIds: () => [...table.traceIds()],
    byService: (service) => index.bucket('service', service),
    byName: (name) => index.bucket('name', name),
    byKind: (kind) => index.bucket('kind', kind),
    find: (query, findOptions) => findIn(index, toQuery(query), findOptions?.limit),
    stats: () => state.stats(),
    wasEvicted: (traceId) => evictions.reason(traceId.toLowerCase()) !== undefined,
    evictionReason: (traceId) => evictions.reason(traceId.toLowerCase()),
    onSpans: (listener) => state.arrivals.on(listener),
    onEvict: (listener) => evictions.listeners.on(listener),
    waitForTrace: (target, waitOptions) => waitForTrace(store, target, waitOptions),
    clear: () => state.clear(),
  };
  keepState(store, state);
  provideStoreReads(store, { find: (query) => store.find(query), scan: () => scannedSpans(store) });
  return store;
}
