import { formatChain } from '../chain/assert-correlation-chain.ts';
import { checkCorrelationChain } from '../chain/check-correlation-chain.ts';
import type { CorrelationChainOptions } from '../chain/types.ts';
import { checkTrace, describeCount } from '../query/check-trace.ts';
import { describeQuery } from '../query/describe.ts';
import { findSpans } from '../query/find-spans.ts';
import { formatSpans } from '../query/format.ts';
import { toQuery } from '../query/to-query.ts';
import { scannedSpans } from '../store/scanned-spans.ts';
import type { SpanStore } from '../store/span-store.ts';
import type { CountExpectation, QueryInput, Span, Trace } from '../types.ts';

/** What the span matchers accept: a trace, a span list or a SpanStore. */
export type SpanSource = Trace | readonly Span[] | SpanStore;

interface MatcherResult {
  pass: boolean;
  message: () => string;
}

function spansOf(source: SpanSource): readonly Span[] {
  if (Array.isArray(source)) return source;
  // A verdict and a message: the store keeps none of the spans read for them.
  if (typeof (source as SpanStore).spans === 'function') return scannedSpans(source as SpanStore);
  return (source as Trace).spans;
}

function toContainSpan(this: { isNot: boolean }, received: SpanSource, query: QueryInput): MatcherResult {
  const spans = spansOf(received);
  const result = checkTrace(spans, [{ query }]);
  const matched = findSpans(spans, query);
  return {
    pass: result.ok,
    message: () =>
      result.ok
        ? `expected no span to match ${describeQuery(toQuery(query))}, but found ${matched.length}:\n${formatSpans(matched)}`
        : (result.issues[0]?.message ?? ''),
  };
}

function toHaveSpanCount(received: SpanSource, query: QueryInput, count: number | CountExpectation): MatcherResult {
  const expected: CountExpectation = typeof count === 'number' ? { exactly: count } : count;
  const spans = spansOf(received);
  const matched = findSpans(spans, query);
  const result = checkTrace(spans, [{ query, count: expected }]);
  return {
    pass: result.ok,
    message: () =>
      result.ok
        ? `expected the number of spans matching ${describeQuery(toQuery(query))} not to be ${describeCount(expected)}, found ${matched.length}`
        : (result.issues[0]?.message ?? ''),
  };
}

function toHaveCorrelationChain(received: SpanSource, options: Omit<CorrelationChainOptions, 'spans'>): MatcherResult {
  const spans =
    Array.isArray(received) || typeof (received as SpanStore).spans === 'function'
      ? received
      : (received as Trace).spans;
  const result = checkCorrelationChain({ ...options, spans: spans as CorrelationChainOptions['spans'] });
  const broken = result.firstBroken;
  return {
    pass: result.ok,
    message: () =>
      result.ok
        ? `expected the correlation chain to break, but every hop held:\n${formatChain(result)}`
        : `correlation chain broken at hop ${(broken?.index ?? 0) + 1} (${broken?.label ?? '?'})\n${formatChain(result)}`,
  };
}

/** The matchers registered by `@tracegate/trace-assertions/vitest`, for `expect.extend` in other runners. */
export const traceMatchers = { toContainSpan, toHaveSpanCount, toHaveCorrelationChain };
