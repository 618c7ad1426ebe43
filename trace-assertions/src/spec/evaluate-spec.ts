import { outcome } from '../outcome.ts';
import { countHolds, describeCount } from '../query/check-trace.ts';
import { findSpans, nearestSpans } from '../query/find-spans.ts';
import { formatNearMisses, formatSpan, formatSpans } from '../query/format.ts';
import type { Span, Trace } from '../types.ts';
import { assertionActual, assertionHolds, describeActualFor, describeExpected } from './assertion-eval.ts';
import type { SpanSpec, SpanSpecResult, SpecIssue } from './types.ts';

function countFailure(spec: SpanSpec, trace: Trace | readonly Span[], matched: readonly Span[]): SpecIssue {
  const expected = describeCount(spec.count);
  const path = spec.label ?? spec.selector;
  if (matched.length > 0) {
    const message = `expected ${expected} span(s) matching ${spec.selector}, found ${matched.length}:\n${formatSpans(matched, 20, '  ')}`;
    return { code: 'COUNT_MISMATCH', check: 'count', message, path, expected, actual: String(matched.length) };
  }
  const nearest = formatNearMisses(nearestSpans(trace, spec.query), '  ');
  const message = `no span matches ${spec.selector} (expected ${expected})\nnearest candidates:\n${nearest}`;
  return { code: 'SPAN_NOT_FOUND', check: 'count', message, path, expected, actual: '0' };
}

/**
 * Checks one `specs:` entry against a trace: the selector's count, then every assertion on every matched span.
 * @example evaluateSpanSpec(trace, loadTraceSpec(yaml).specs[0])
 */
export function evaluateSpanSpec(trace: Trace | readonly Span[], spec: SpanSpec): SpanSpecResult {
  const matched = findSpans(trace, spec.query);
  const failures: SpecIssue[] = [];
  if (!countHolds(spec.count, matched.length)) failures.push(countFailure(spec, trace, matched));
  for (const span of matched) {
    for (const assertion of spec.assertions) {
      if (assertionHolds(span, assertion)) continue;
      const expected = describeExpected(assertion);
      const actual = describeActualFor(assertion, assertionActual(span, assertion));
      failures.push({
        code: 'ASSERTION_FAILED',
        check: assertion.source,
        message: `${assertion.source} failed: expected ${expected}, got ${actual} on ${formatSpan(span)}`,
        path: `${spec.label ?? spec.selector} › ${assertion.source}`,
        spanId: span.spanId,
        expected,
        actual,
        evidence: { spanId: span.spanId },
      });
    }
  }
  return outcome(failures, {
    selector: spec.selector,
    ...(spec.label !== undefined ? { label: spec.label } : {}),
    matched: matched.length,
    spanIds: matched.map((span) => span.spanId),
    failures,
  });
}
