import { TraceAssertionError } from '../errors.ts';
import type { CountExpectation, QueryInput, Span, SpanQuery, Trace, TraceSpec } from '../types.ts';
import { checkTrace } from './check-trace.ts';
import { findSpans } from './find-spans.ts';

/** Checks specs and throws a TraceAssertionError (code of the first issue) listing every issue. */
export function assertTrace(trace: Trace | readonly Span[], specs: readonly TraceSpec[]): void {
  const result = checkTrace(trace, specs);
  if (result.ok) return;
  const [first] = result.issues;
  const message = result.issues.map((issue) => issue.message).join('\n');
  throw new TraceAssertionError(first?.code ?? 'SPAN_NOT_FOUND', message, { details: { issues: result.issues } });
}

/**
 * Returns the first span matching `query` (optionally also `expect`), or throws SPAN_NOT_FOUND with the nearest misses.
 * @example const producer = assertSpan(trace, span().service('order-service').kind('producer'));
 */
export function assertSpan(trace: Trace | readonly Span[], query: QueryInput, expect?: SpanQuery): Span {
  const spec: TraceSpec = expect === undefined ? { query } : { query, expect };
  assertTrace(trace, [spec]);
  return findSpans(trace, query)[0] as Span;
}

/** Asserts how many spans match `query` (a number means exactly) and returns them; throws COUNT_MISMATCH. */
export function assertSpanCount(
  trace: Trace | readonly Span[],
  query: QueryInput,
  count: CountExpectation | number,
): Span[] {
  const expected: CountExpectation = typeof count === 'number' ? { exactly: count } : count;
  assertTrace(trace, [{ query, count: expected }]);
  return findSpans(trace, query);
}

/** Asserts that no span matches `query`; throws COUNT_MISMATCH listing the offenders. */
export function assertNoSpan(trace: Trace | readonly Span[], query: QueryInput): void {
  assertTrace(trace, [{ query, count: 'none' }]);
}
