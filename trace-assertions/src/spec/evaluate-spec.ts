import { countHolds, describeCount } from '../query/check-trace.ts';
import { findSpans, nearestSpans } from '../query/find-spans.ts';
import { formatNearMisses, formatSpan, formatSpans } from '../query/format.ts';
import type { Span, Trace } from '../types.ts';
import { assertionActual, assertionHolds, describeActualFor, describeExpected } from './assertion-eval.ts';
import type { SpanSpec, SpanSpecResult, SpecFailure } from './types.ts';

function countFailure(spec: SpanSpec, trace: Trace | readonly Span[], matched: readonly Span[]): SpecFailure {
  const expected = describeCount(spec.count);
  if (matched.length > 0) {
    const message = `expected ${expected} span(s) matching ${spec.selector}, found ${matched.length}:\n${formatSpans(matched, 20, '  ')}`;
    return { check: 'count', message, expected, actual: String(matched.length) };
  }
  const nearest = formatNearMisses(nearestSpans(trace, spec.query), '  ');
  const message = `no span matches ${spec.selector} (expected ${expected})\nnearest candidates:\n${nearest}`;
  return { check: 'count', message, expected, actual: '0' };
}

/**
 * Checks one `specs:` entry against a trace: the selector's count, then every assertion on every matched span.
 * @example evaluateSpanSpec(trace, loadTraceSpec(yaml).specs[0])
 */
export function evaluateSpanSpec(trace: Trace | readonly Span[], spec: SpanSpec): SpanSpecResult {
  const matched = findSpans(trace, spec.query);
  const failures: SpecFailure[] = [];
  if (!countHolds(spec.count, matched.length)) failures.push(countFailure(spec, trace, matched));
  for (const span of matched) {
    for (const assertion of spec.assertions) {
      if (assertionHolds(span, assertion)) continue;
      const expected = describeExpected(assertion);
      const actual = describeActualFor(assertion, assertionActual(span, assertion));
      failures.push({
        check: assertion.source,
        message: `${assertion.source} failed: expected ${expected}, got ${actual} on ${formatSpan(span)}`,
        spanId: span.spanId,
        expected,
        actual,
      });
    }
  }
  return {
    selector: spec.selector,
    ...(spec.label !== undefined ? { label: spec.label } : {}),
    ok: failures.length === 0,
    matched: matched.length,
    spanIds: matched.map((span) => span.spanId),
    failures,
  };
}
