import { TraceAssertionError } from '../errors.ts';
import type { NearMiss, QueryInput, Span, Trace } from '../types.ts';
import { createEvaluator } from './engine.ts';
import { indexSpans } from './span-index.ts';
import { storeReadsOf } from './store-reads.ts';
import { toQuery } from './to-query.ts';

/** What a query runs over: a trace, a list of spans, or a store of them (e.g. `receiver.store`). */
export type SpanSource = Trace | readonly Span[] | { spans(): readonly Span[] };

/**
 * Returns the spans matching a query (object, builder or selector), in start-time order.
 * @example findSpans(trace, 'span[service.name="order-service" kind="producer"]')
 */
export function findSpans(spans: SpanSource, query: QueryInput): Span[] {
  // A store answers from its indexes and keeps only the spans returned.
  const reads = storeReadsOf(spans);
  if (reads !== undefined) return reads.find(query);
  return [...createEvaluator(indexSpans(spanList(spans, 'findSpans'))).select(toQuery(query))];
}

/** The spans of a source; anything else is an INVALID_ARGUMENT error saying what was passed. */
export function spanList(source: SpanSource, caller: string): readonly Span[] {
  if (Array.isArray(source)) return source;
  const candidate = (typeof source === 'object' && source !== null ? source : {}) as { spans?: unknown };
  if (typeof candidate.spans === 'function') return (candidate.spans as () => readonly Span[]).call(source);
  if (Array.isArray(candidate.spans)) return candidate.spans as readonly Span[];
  throw new TraceAssertionError(
    'INVALID_ARGUMENT',
    `${caller}: expected a Trace, an array of spans or a span store (receiver.store), got ${describe(source)}`,
    { details: { caller } },
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return `an object with keys ${Object.keys(value).join(', ') || '(none)'}`;
}

/** Options of nearestSpans. */
export interface NearestOptions {
  readonly limit?: number;
}

/** The spans that came closest to matching `query`, each with the reasons it missed (fewest first). */
export function nearestSpans(spans: SpanSource, query: QueryInput, options: NearestOptions = {}): NearMiss[] {
  // A store's spans are read for this call only: the near misses are a message, not spans to keep.
  const listed = storeReadsOf(spans)?.scan() ?? spanList(spans, 'nearestSpans');
  const evaluator = createEvaluator(indexSpans(listed));
  const resolved = toQuery(query);
  return evaluator.index.spans
    .map((span) => ({ span, mismatches: evaluator.mismatches(span, resolved) }))
    .filter((miss) => miss.mismatches.length > 0)
    .sort((a, b) => a.mismatches.length - b.mismatches.length)
    .slice(0, options.limit ?? 3);
}
