import type { NearMiss, QueryInput, Span, Trace } from '../types.ts';
import { createEvaluator } from './engine.ts';
import { indexSpans } from './span-index.ts';
import { toQuery } from './to-query.ts';

/**
 * Returns the spans matching a query (object, builder or selector), in start-time order.
 * @example findSpans(trace, 'span[service.name="order-service" kind="producer"]')
 */
export function findSpans(spans: Trace | readonly Span[], query: QueryInput): Span[] {
  return [...createEvaluator(indexSpans(spans)).select(toQuery(query))];
}

/** Options of nearestSpans. */
export interface NearestOptions {
  readonly limit?: number;
}

/** The spans that came closest to matching `query`, each with the reasons it missed (fewest first). */
export function nearestSpans(
  spans: Trace | readonly Span[],
  query: QueryInput,
  options: NearestOptions = {},
): NearMiss[] {
  const evaluator = createEvaluator(indexSpans(spans));
  const resolved = toQuery(query);
  return evaluator.index.spans
    .map((span) => ({ span, mismatches: evaluator.mismatches(span, resolved) }))
    .filter((miss) => miss.mismatches.length > 0)
    .sort((a, b) => a.mismatches.length - b.mismatches.length)
    .slice(0, options.limit ?? 3);
}
