import { outcome } from '../outcome.ts';
import type { CountExpectation, Span, Trace, TraceCheckResult, TraceIssue, TraceSpec } from '../types.ts';
import { describeQuery } from './describe.ts';
import { createEvaluator } from './engine.ts';
import { formatNearMisses, formatSpans } from './format.ts';
import { indexSpans } from './span-index.ts';
import { toQuery } from './to-query.ts';

/** Describes a count expectation ('exactly 2', 'at least 1', 'none'). */
export function describeCount(count: CountExpectation): string {
  if (count === 'none') return 'none';
  if (count === 'some') return 'at least 1';
  if ('exactly' in count) return `exactly ${count.exactly}`;
  if ('atLeast' in count) return `at least ${count.atLeast}`;
  return `at most ${count.atMost}`;
}

/** True when `n` satisfies the count expectation. */
export function countHolds(count: CountExpectation, n: number): boolean {
  if (count === 'none') return n === 0;
  if (count === 'some') return n > 0;
  if ('exactly' in count) return n === count.exactly;
  if ('atLeast' in count) return n >= count.atLeast;
  return n <= count.atMost;
}

/**
 * Checks specs against a trace (or any spans) without throwing.
 * @example checkTrace(trace, [{ query: 'span[kind="producer"]', count: { exactly: 1 } }])
 */
export function checkTrace(trace: Trace | readonly Span[], specs: readonly TraceSpec[]): TraceCheckResult {
  const evaluator = createEvaluator(indexSpans(trace));
  const issues: TraceIssue[] = [];
  for (const spec of specs) {
    const query = toQuery(spec.query);
    const name = spec.label ?? describeQuery(query);
    const count = spec.count ?? 'some';
    const matched = [...evaluator.select(query)];
    const nearest = () =>
      evaluator.index.spans
        .map((span) => ({ span, mismatches: evaluator.mismatches(span, query) }))
        .filter((miss) => miss.mismatches.length > 0)
        .sort((a, b) => a.mismatches.length - b.mismatches.length)
        .slice(0, 3);
    if (!countHolds(count, matched.length)) {
      const notFound = matched.length === 0;
      const nearMisses = notFound ? nearest() : [];
      const message = notFound
        ? `no span matches ${name} (expected ${describeCount(count)})\n  nearest candidates:\n${formatNearMisses(nearMisses, '    ')}`
        : `expected ${describeCount(count)} span(s) matching ${name}, found ${matched.length}:\n${formatSpans(matched, 20, '    ')}`;
      issues.push({
        spec: name,
        code: notFound ? 'SPAN_NOT_FOUND' : 'COUNT_MISMATCH',
        message,
        path: name,
        expected: describeCount(count),
        actual: String(matched.length),
        matched,
        nearest: nearMisses,
      });
      continue;
    }
    if (spec.expect === undefined) continue;
    const expectQuery = spec.expect;
    const failures = matched
      .map((span) => ({ span, mismatches: evaluator.mismatches(span, expectQuery) }))
      .filter((miss) => miss.mismatches.length > 0);
    if (failures.length > 0) {
      const message = `${failures.length} of ${matched.length} span(s) matching ${name} fail ${describeQuery(expectQuery)}:\n${formatNearMisses(failures, '  ')}`;
      issues.push({
        spec: name,
        code: 'EXPECTATION_FAILED',
        message,
        path: name,
        expected: `every matched span ${describeQuery(expectQuery)}`,
        actual: `${failures.length} of ${matched.length} fail`,
        matched,
        nearest: failures,
      });
    }
  }
  return outcome(issues);
}
