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
  const issues = specs.flatMap((spec) => {
    const matched = [...evaluator.select(toQuery(spec.query))];
    const issue = countIssue(evaluator, spec, matched) ?? expectationIssue(evaluator, spec, matched);
    return issue ? [issue] : [];
  });
  return outcome(issues);
}

type Evaluator = ReturnType<typeof createEvaluator>;

/** The spec's name in messages: its label, else its query described. */
const specName = (spec: TraceSpec): string => spec.label ?? describeQuery(toQuery(spec.query));

/** The issue when the number of matching spans breaks the spec's count: not found (with near misses) or too many. */
function countIssue(evaluator: Evaluator, spec: TraceSpec, matched: readonly Span[]): TraceIssue | undefined {
  const name = specName(spec);
  const count = spec.count ?? 'some';
  if (countHolds(count, matched.length)) return undefined;
  const notFound = matched.length === 0;
  const nearMisses = notFound ? nearest(evaluator, toQuery(spec.query)) : [];
  const message = notFound
    ? `no span matches ${name} (expected ${describeCount(count)})\n  nearest candidates:\n${formatNearMisses(nearMisses, '    ')}`
    : `expected ${describeCount(count)} span(s) matching ${name}, found ${matched.length}:\n${formatSpans(matched, 20, '    ')}`;
  return {
    spec: name,
    code: notFound ? 'SPAN_NOT_FOUND' : 'COUNT_MISMATCH',
    message,
    path: name,
    expected: describeCount(count),
    actual: String(matched.length),
    matched,
    nearest: nearMisses,
  };
}

/** The issue when matched spans fail the spec's `expect` query, with each failing span's mismatches. */
function expectationIssue(evaluator: Evaluator, spec: TraceSpec, matched: readonly Span[]): TraceIssue | undefined {
  if (spec.expect === undefined) return undefined;
  const name = specName(spec);
  const expectQuery = spec.expect;
  const failures = matched
    .map((span) => ({ span, mismatches: evaluator.mismatches(span, expectQuery) }))
    .filter((miss) => miss.mismatches.length > 0);
  if (failures.length === 0) return undefined;
  return {
    spec: name,
    code: 'EXPECTATION_FAILED',
    message: `${failures.length} of ${matched.length} span(s) matching ${name} fail ${describeQuery(expectQuery)}:\n${formatNearMisses(failures, '  ')}`,
    path: name,
    expected: `every matched span ${describeQuery(expectQuery)}`,
    actual: `${failures.length} of ${matched.length} fail`,
    matched,
    nearest: failures,
  };
}

/** The three spans closest to matching `query` (fewest mismatches first). */
function nearest(evaluator: Evaluator, query: ReturnType<typeof toQuery>) {
  return evaluator.index.spans
    .map((span) => ({ span, mismatches: evaluator.mismatches(span, query) }))
    .filter((miss) => miss.mismatches.length > 0)
    .sort((a, b) => a.mismatches.length - b.mismatches.length)
    .slice(0, 3);
}
