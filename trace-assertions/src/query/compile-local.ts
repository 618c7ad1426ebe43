import type { Span, SpanQuery, ValueCondition, ValueMatcher } from '../types.ts';
import { attributeOf, localMatches } from './local-match.ts';
import { matchValue } from './matchers.ts';

type SpanTest = (span: Span) => boolean;

// The own fields localMatches reads besides name, service and kind.
const OTHER_FIELDS = [
  'status',
  'type',
  'traceId',
  'spanId',
  'root',
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

// Strings and `contains` read the field in the test itself (one call per span); anything else goes through
// matchValue, so the answers stay the same.
function fieldTest(matcher: ValueMatcher, field: 'name' | 'service'): SpanTest {
  if (typeof matcher === 'string') {
    return (span) => {
      const actual = span[field];
      return actual === matcher || (typeof actual !== 'string' && matchValue(matcher, actual));
    };
  }
  if (typeof matcher === 'object' && !(matcher instanceof RegExp)) {
    const needle = onlyContains(matcher);
    if (needle !== undefined) {
      return (span) => {
        const actual = span[field];
        return typeof actual === 'string' ? actual.includes(needle) : matchValue(matcher, actual);
      };
    }
  }
  return (span) => matchValue(matcher, span[field]);
}

// An attribute (on the span, else its resource) or a resource attribute, read in the test: no closure per span.
function attributeTest(matcher: ValueMatcher, key: string, resourceOnly: boolean): SpanTest {
  const needle = typeof matcher === 'object' && !(matcher instanceof RegExp) ? onlyContains(matcher) : undefined;
  if (needle !== undefined) {
    return (span) => {
      const actual = resourceOnly ? span.resource[key] : attributeOf(span, key);
      return typeof actual === 'string' ? actual.includes(needle) : matchValue(matcher, actual);
    };
  }
  return (span) => matchValue(matcher, resourceOnly ? span.resource[key] : attributeOf(span, key));
}

function both(a: SpanTest, b: SpanTest): SpanTest {
  return (span) => a(span) && b(span);
}

/**
 * True when the query's own-field test (compileLocalMatch) reads nothing of a span but its name, service, kind,
 * attributes and resource.
 */
export function testsLabelsOnly(query: SpanQuery): boolean {
  return !OTHER_FIELDS.some((field) => query[field] !== undefined);
}

/**
 * The query's own-field test (the same answers as localMatches) built once per query: a scan runs it per span
 * without re-reading which fields the query sets.
 */
export function compileLocalMatch(query: SpanQuery): SpanTest {
  const tests: SpanTest[] = [];
  if (query.name !== undefined) tests.push(fieldTest(query.name, 'name'));
  if (query.service !== undefined) tests.push(fieldTest(query.service, 'service'));
  const kind = query.kind;
  if (typeof kind === 'string') tests.push((span) => span.kind === kind);
  else if (kind !== undefined) tests.push((span) => kind.includes(span.kind));
  for (const key in query.attributes) tests.push(attributeTest(query.attributes[key] as ValueMatcher, key, false));
  for (const key in query.resource) tests.push(attributeTest(query.resource[key] as ValueMatcher, key, true));
  if (!testsLabelsOnly(query)) {
    const { name: _name, service: _service, kind: _kind, attributes: _a, resource: _r, ...rest } = query;
    tests.push((span) => localMatches(span, rest));
  }
  return tests.reduce<SpanTest | undefined>((all, test) => (all ? both(all, test) : test), undefined) ?? (() => true);
}
