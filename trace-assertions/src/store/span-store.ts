import { createEvaluator } from '../query/engine.ts';
import { compareSpans } from '../query/span-index.ts';
import { toQuery } from '../query/to-query.ts';
import type {
  EvictionEvent,
  QueryInput,
  Span,
  SpanKind,
  SpanQuery,
  SpanScope,
  SpanStoreStats,
  Trace,
} from '../types.ts';
import { Emitter } from './emitter.ts';
import { SharedCharge } from './shared-charge.ts';
import { attributesBytes, spanBytes } from './span-bytes.ts';
import { StoreIndex } from './store-index.ts';
import { type TraceTarget, type WaitForTraceOptions, waitForTrace } from './wait-for-trace.ts';

/** Options of createSpanStore. */
export interface SpanStoreOptions {
  /** Upper bound on stored spans; the least recently active traces are evicted past it. Default 100 000. */
  readonly maxSpans?: number;
  /**
   * Upper bound on the estimated bytes the stored spans retain (strings by length, resources and scopes once);
   * the least recently active traces are evicted past it, even a single trace. Default 134 217 728 (128 MiB).
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

type EvictionReason = 'maxSpans' | 'maxBytes';

const EVICTED_MEMORY = 10_000;
const DEFAULT_MAX_BYTES = 128 * 1024 * 1024;

function scopeBytes(scope: SpanScope): number {
  return 64 + scope.name.length + scope.version.length + attributesBytes(scope.attributes);
}

/** Byte accounting of stored spans: each span on its own, shared resources and scopes once. */
class ByteCount {
  total = 0;
  readonly #resources = new SharedCharge(attributesBytes);
  readonly #scopes = new SharedCharge(scopeBytes);

  add(span: Span): void {
    this.total += spanBytes(span) + this.#resources.hold(span.resource) + this.#scopes.hold(span.scope);
  }

  remove(span: Span): void {
    this.total -= spanBytes(span) + this.#resources.release(span.resource) + this.#scopes.release(span.scope);
  }

  clear(): void {
    this.total = 0;
    this.#resources.clear();
    this.#scopes.clear();
  }
}

function findIn(index: StoreIndex, query: SpanQuery, limit: number | undefined): Span[] {
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
 * Creates an empty SpanStore.
 * @example const store = createSpanStore({ maxSpans: 10_000, maxBytes: 64 * 1024 * 1024, onEvict: (e) => console.warn(e) });
 */
export function createSpanStore(options: SpanStoreOptions = {}): SpanStore {
  const maxSpans = options.maxSpans ?? 100_000;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const traces = new Map<string, Map<string, Span>>();
  const index = new StoreIndex(traces);
  const bytes = new ByteCount();
  const evicted = new Map<string, EvictionReason>();
  const arrivals = new Emitter<readonly Span[]>();
  const evictions = new Emitter<EvictionEvent>();
  let spanCount = 0;
  let evictedTraces = 0;
  let evictedSpans = 0;
  let evictedByBytes = 0;
  if (options.onEvict) evictions.on(options.onEvict);

  const evictOldest = (reason: EvictionReason): void => {
    const [traceId, spans] = traces.entries().next().value as [string, Map<string, Span>];
    traces.delete(traceId);
    for (const span of spans.values()) {
      index.remove(span);
      bytes.remove(span);
    }
    spanCount -= spans.size;
    evictedTraces += 1;
    evictedSpans += spans.size;
    evicted.set(traceId, reason);
    if (evicted.size > EVICTED_MEMORY) evicted.delete(evicted.keys().next().value as string);
    const event: EvictionEvent = { traceId, spanCount: spans.size, maxSpans, evictedTraces };
    if (reason === 'maxBytes') evictedByBytes += 1;
    evictions.emit(reason === 'maxBytes' ? { ...event, reason, maxBytes } : event);
  };

  const enforceBounds = (): void => {
    for (;;) {
      if (spanCount > maxSpans && traces.size > 1) evictOldest('maxSpans');
      else if (bytes.total > maxBytes && traces.size > 0) evictOldest('maxBytes');
      else return;
    }
  };

  const store: SpanStore = {
    add(spans) {
      if (spans.length === 0) return;
      for (const span of spans) {
        const trace = traces.get(span.traceId) ?? new Map<string, Span>();
        // Re-inserting keeps the Map ordered by last activity, so eviction drops the stalest trace.
        traces.delete(span.traceId);
        traces.set(span.traceId, trace);
        const previous = trace.get(span.spanId);
        if (previous === span) continue;
        trace.set(span.spanId, span);
        if (previous) {
          index.remove(previous);
          bytes.remove(previous);
        } else spanCount += 1;
        index.add(span);
        bytes.add(span);
      }
      enforceBounds();
      arrivals.emit(spans);
    },
    spans: () => [...traces.values()].flatMap((trace) => [...trace.values()]),
    trace(traceId) {
      const spans = traces.get(traceId.toLowerCase());
      return spans ? { traceId: traceId.toLowerCase(), spans: [...spans.values()] } : undefined;
    },
    traces: () => [...traces.entries()].map(([traceId, spans]) => ({ traceId, spans: [...spans.values()] })),
    traceIds: () => [...traces.keys()],
    byService: (service) => index.bucket('service', service),
    byName: (name) => index.bucket('name', name),
    byKind: (kind) => index.bucket('kind', kind),
    find: (query, findOptions) => findIn(index, toQuery(query), findOptions?.limit),
    stats: () => ({
      spans: spanCount,
      traces: traces.size,
      maxSpans,
      evictedTraces,
      evictedSpans,
      bytes: bytes.total,
      maxBytes,
      evictedByBytes,
    }),
    wasEvicted: (traceId) => evicted.has(traceId.toLowerCase()),
    evictionReason: (traceId) => evicted.get(traceId.toLowerCase()),
    onSpans: (listener) => arrivals.on(listener),
    onEvict: (listener) => evictions.on(listener),
    waitForTrace: (target, waitOptions) => waitForTrace(store, target, waitOptions),
    clear() {
      traces.clear();
      index.clear();
      bytes.clear();
      spanCount = 0;
    },
  };
  return store;
}
