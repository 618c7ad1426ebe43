import { findSpans } from '../query/find-spans.ts';
import type { EvictionEvent, QueryInput, Span, SpanKind, SpanStoreStats, Trace } from '../types.ts';
import { Emitter } from './emitter.ts';
import { MultiIndex } from './multi-index.ts';
import { type TraceTarget, type WaitForTraceOptions, waitForTrace } from './wait-for-trace.ts';

/** Options of createSpanStore. */
export interface SpanStoreOptions {
  /** Upper bound on stored spans; the least recently active traces are evicted past it. Default 100 000. */
  readonly maxSpans?: number;
  /** Called for every evicted trace (the store also counts evictions and reports them in timeouts). */
  readonly onEvict?: (event: EvictionEvent) => void;
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
  /** Spans across all traces matching a query. */
  find(query: QueryInput): Span[];
  stats(): SpanStoreStats;
  /** True when the trace was dropped to honour maxSpans. */
  wasEvicted(traceId: string): boolean;
  /** Subscribes to arriving spans; returns the unsubscribe function. */
  onSpans(listener: (spans: readonly Span[]) => void): () => void;
  /** Subscribes to evictions; returns the unsubscribe function. */
  onEvict(listener: (event: EvictionEvent) => void): () => void;
  /** Waits, push-driven, until a trace satisfies the options; see waitForTrace. */
  waitForTrace(target: TraceTarget, options?: WaitForTraceOptions): Promise<Trace>;
  clear(): void;
}

const EVICTED_MEMORY = 10_000;

/**
 * Creates an empty SpanStore.
 * @example const store = createSpanStore({ maxSpans: 10_000, onEvict: (e) => console.warn(e) });
 */
export function createSpanStore(options: SpanStoreOptions = {}): SpanStore {
  const maxSpans = options.maxSpans ?? 100_000;
  const traces = new Map<string, Map<string, Span>>();
  const index = new MultiIndex();
  const evicted = new Set<string>();
  const arrivals = new Emitter<readonly Span[]>();
  const evictions = new Emitter<EvictionEvent>();
  let spanCount = 0;
  let evictedTraces = 0;
  let evictedSpans = 0;
  if (options.onEvict) evictions.on(options.onEvict);

  const evictOldest = (): void => {
    const [traceId, spans] = traces.entries().next().value as [string, Map<string, Span>];
    traces.delete(traceId);
    for (const span of spans.values()) index.remove(span);
    spanCount -= spans.size;
    evictedTraces += 1;
    evictedSpans += spans.size;
    evicted.add(traceId);
    if (evicted.size > EVICTED_MEMORY) evicted.delete(evicted.values().next().value as string);
    evictions.emit({ traceId, spanCount: spans.size, maxSpans, evictedTraces });
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
        if (previous) index.remove(previous);
        else spanCount += 1;
        trace.set(span.spanId, span);
        index.add(span);
      }
      while (spanCount > maxSpans && traces.size > 1) evictOldest();
      arrivals.emit(spans);
    },
    spans: () => [...traces.values()].flatMap((trace) => [...trace.values()]),
    trace(traceId) {
      const spans = traces.get(traceId.toLowerCase());
      return spans ? { traceId: traceId.toLowerCase(), spans: [...spans.values()] } : undefined;
    },
    traces: () => [...traces.entries()].map(([traceId, spans]) => ({ traceId, spans: [...spans.values()] })),
    traceIds: () => [...traces.keys()],
    byService: (service) => index.get('service', service),
    byName: (name) => index.get('name', name),
    byKind: (kind) => index.get('kind', kind),
    find: (query) => findSpans(store.spans(), query),
    stats: () => ({ spans: spanCount, traces: traces.size, maxSpans, evictedTraces, evictedSpans }),
    wasEvicted: (traceId) => evicted.has(traceId.toLowerCase()),
    onSpans: (listener) => arrivals.on(listener),
    onEvict: (listener) => evictions.on(listener),
    waitForTrace: (target, waitOptions) => waitForTrace(store, target, waitOptions),
    clear() {
      traces.clear();
      index.clear();
      spanCount = 0;
    },
  };
  return store;
}
