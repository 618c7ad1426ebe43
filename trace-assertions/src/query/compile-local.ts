import type { AttributeValue, Span, SpanQuery, ValueCondition, ValueMatcher } from '../types.ts';
import { localMatches } from './local-match.ts';
import { matchValue } from './matchers.ts';

type ValueTest = (actual: AttributeValue | undefined) => boolean;
type SpanTest = (span: Span) => boolean;

// The own fields localMatches reads besides name, service and kind.
const OTHER_FIELDS = [
  'status',
  'type',
  'traceId',
  'spanId',
  'root',
  'attributes',
  'resource',
  'minDurationMs',
  'maxDurationMs',
  'durationMs',
  'events',
] as const;

function onlyContains(matcher: ValueCondition): string | undefined {
  for (const key in matcher) {
    if (key !== 'contains' && matcher[key as keyof ValueCondition] !== undefined) return undefined;
  }
  return matcher.contains;
}

// Strings and `contains` get a direct test; anything else goes through matchValue, so the answers stay the same.
function valueTest(matcher: ValueMatcher): ValueTest {
  if (typeof matcher === 'string') {
    return (actual) => actual === matcher || (typeof actual !== 'string' && matchValue(matcher, actual));
  }
  if (typeof matcher === 'object' && !(matcher instanceof RegExp)) {
    const needle = onlyContains(matcher);
    if (needle !== undefined) {
      return (actual) => (typeof actual === 'string' ? actual.includes(needle) : matchValue(matcher, actual));
    }
  }
  return (actual) => matchValue(matcher, actual);
}

function both(a: SpanTest, b: SpanTest): SpanTest {
  return (span) => a(span) && b(span);
}

/**
 * The query's own-field test (the same answers as localMatches) built once per query: a scan runs it per span
 * without re-reading which fields the query sets.
 */
export function compileLocalMatch(query: SpanQuery): SpanTest {
  const tests: SpanTest[] = [];
  if (query.name !== undefined) {
    const name = valueTest(query.name);
    tests.push((span) => name(span.name));
  }
  if (query.service !== undefined) {
    const service = valueTest(query.service);
    tests.push((span) => service(span.service));
  }
  const kind = query.kind;
  if (typeof kind === 'string') tests.push((span) => span.kind === kind);
  else if (kind !== undefined) tests.push((span) => kind.includes(span.kind));
  if (OTHER_FIELDS.some((field) => query[field] !== undefined)) {
    const { name: _name, service: _service, kind: _kind, ...rest } = query;
    tests.push((span) => localMatches(span, rest));
  }
  return tests.reduce<SpanTest | undefined>((all, test) => (all ? both(all, test) : test), undefined) ?? (() => true);
}
