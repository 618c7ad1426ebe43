import type { Span, SpanQuery, Trace } from '../types.ts';

/** The key of a span across traces. */
export function spanKey(traceId: string, spanId: string): string {
  return `${traceId}/${spanId}`;
}

/** The order queries return spans in: start time, then end time, then span id. */
export function compareSpans(a: Span, b: Span): number {
  return a.startTimeMs - b.startTimeMs || a.endTimeMs - b.endTimeMs || a.spanId.localeCompare(b.spanId);
}

/** Spans sorted by start time, with lookups by id, parent and incoming links. */
export interface SpanIndex {
  readonly spans: readonly Span[];
  /**
   * Visits the spans that can pass `query`'s own filters, in any order (a superset, narrowed by indexes), until
   * `visit` returns false; when absent, queries scan `spans`.
   */
  eachCandidate?(query: SpanQuery, visit: (span: Span) => unknown): void;
  /**
   * The candidate spans (as eachCandidate visits them) that pass `test`, the query's own-field test (compileLocalMatch),
   * in any order; when absent, queries visit the candidates.
   */
  filter?(query: SpanQuery, test: (span: Span) => boolean): Span[];
  get(traceId: string, spanId: string): Span | undefined;
  parentOf(span: Span): Span | undefined;
  /** Spans whose links point at `span`. */
  linkersOf(span: Span): readonly Span[];
}

/** Accepts a trace or a list of spans and returns the list. */
export function spansOf(input: Trace | readonly Span[]): readonly Span[] {
  return 'spans' in input && !Array.isArray(input) ? (input as Trace).spans : (input as readonly Span[]);
}

/** Builds a SpanIndex over spans from any number of traces. */
export function indexSpans(input: Trace | readonly Span[]): SpanIndex {
  const spans = [...spansOf(input)].sort(compareSpans);
  const byKey = new Map<string, Span>();
  const linkers = new Map<string, Span[]>();
  for (const span of spans) {
    byKey.set(spanKey(span.traceId, span.spanId), span);
    for (const link of span.links) {
      const key = spanKey(link.traceId, link.spanId);
      linkers.set(key, [...(linkers.get(key) ?? []), span]);
    }
  }
  return {
    spans,
    get: (traceId, spanId) => byKey.get(spanKey(traceId, spanId)),
    parentOf: (span) => (span.parentSpanId ? byKey.get(spanKey(span.traceId, span.parentSpanId)) : undefined),
    linkersOf: (span) => linkers.get(spanKey(span.traceId, span.spanId)) ?? [],
  };
}
