import type { Attributes, AttributeValue, Mismatch, Span, SpanQuery, ValueMatcher } from '../types.ts';
import { describeActual, describeMatcher, matchValue } from './matchers.ts';
import { spanType } from './span-type.ts';

function check(out: Mismatch[], field: string, matcher: ValueMatcher | undefined, actual: AttributeValue | undefined) {
  if (matcher !== undefined && !matchValue(matcher, actual)) {
    out.push({ field, expected: describeMatcher(matcher), actual: describeActual(actual) });
  }
}

function oneOf<T extends string>(out: Mismatch[], field: string, expected: T | readonly T[] | undefined, actual: T) {
  if (expected === undefined) return;
  const options: readonly T[] = typeof expected === 'string' ? [expected as T] : (expected as readonly T[]);
  if (!options.includes(actual)) out.push({ field, expected: options.join(' | '), actual });
}

/** Looks an attribute up on the span, then on its resource (as Tracetest merges them). */
export function attributeOf(span: Span, key: string): AttributeValue | undefined {
  return key in span.attributes ? span.attributes[key] : span.resource[key];
}

function checkAttributes(
  out: Mismatch[],
  prefix: string,
  matchers: SpanQuery['attributes'],
  read: (k: string) => AttributeValue | undefined,
) {
  for (const [key, matcher] of Object.entries(matchers ?? {})) check(out, `${prefix}${key}`, matcher, read(key));
}

function eventMatches(attributes: Attributes, name: string, query: NonNullable<SpanQuery['events']>[number]): boolean {
  if (query.name !== undefined && !matchValue(query.name, name)) return false;
  return Object.entries(query.attributes ?? {}).every(([key, matcher]) => matchValue(matcher, attributes[key]));
}

/** The fields of `query` that `span` fails on its own (without parent, ancestor or link relations). */
export function localMismatches(span: Span, query: SpanQuery): Mismatch[] {
  const out: Mismatch[] = [];
  check(out, 'name', query.name, span.name);
  check(out, 'service.name', query.service, span.service);
  oneOf(out, 'kind', query.kind, span.kind);
  oneOf(out, 'status', query.status, span.status.code);
  if (query.type !== undefined) check(out, 'tracetest.span.type', query.type, spanType(span));
  if (query.traceId !== undefined && query.traceId.toLowerCase() !== span.traceId) {
    out.push({ field: 'trace_id', expected: query.traceId, actual: span.traceId });
  }
  if (query.spanId !== undefined && query.spanId.toLowerCase() !== span.spanId) {
    out.push({ field: 'span_id', expected: query.spanId, actual: span.spanId });
  }
  if (query.root !== undefined && query.root !== (span.parentSpanId === undefined)) {
    out.push({
      field: 'root',
      expected: String(query.root),
      actual: span.parentSpanId ? `parent ${span.parentSpanId}` : 'root',
    });
  }
  checkAttributes(out, '', query.attributes, (key) => attributeOf(span, key));
  checkAttributes(out, 'resource.', query.resource, (key) => span.resource[key]);
  const duration = `${span.durationMs}ms`;
  if (query.minDurationMs !== undefined && span.durationMs < query.minDurationMs) {
    out.push({ field: 'duration', expected: `>= ${query.minDurationMs}ms`, actual: duration });
  }
  if (query.maxDurationMs !== undefined && span.durationMs > query.maxDurationMs) {
    out.push({ field: 'duration', expected: `<= ${query.maxDurationMs}ms`, actual: duration });
  }
  check(out, 'duration(ms)', query.durationMs, span.durationMs);
  for (const [i, event] of (query.events ?? []).entries()) {
    if (!span.events.some((e) => eventMatches(e.attributes, e.name, event))) {
      const names = span.events.map((e) => e.name).join(', ') || 'none';
      out.push({
        field: `events[${i}]`,
        expected: `an event ${describeMatcher(event.name ?? /.*/)}`,
        actual: `events: ${names}`,
      });
    }
  }
  return out;
}

function attributesMatch(
  matchers: SpanQuery['attributes'],
  read: (key: string) => AttributeValue | undefined,
): boolean {
  if (matchers === undefined) return true;
  for (const key in matchers) if (!matchValue(matchers[key] as ValueMatcher, read(key))) return false;
  return true;
}

function isOneOf<T extends string>(expected: T | readonly T[] | undefined, actual: T): boolean {
  if (expected === undefined) return true;
  return typeof expected === 'string' ? expected === actual : (expected as readonly T[]).includes(actual);
}

/** True when `span` passes every own field of `query`; the same checks as localMismatches, without the reasons. */
export function localMatches(span: Span, query: SpanQuery): boolean {
  if (query.name !== undefined && !matchValue(query.name, span.name)) return false;
  if (query.service !== undefined && !matchValue(query.service, span.service)) return false;
  if (!isOneOf(query.kind, span.kind) || !isOneOf(query.status, span.status.code)) return false;
  if (query.type !== undefined && !matchValue(query.type, spanType(span))) return false;
  if (query.traceId !== undefined && query.traceId.toLowerCase() !== span.traceId) return false;
  if (query.spanId !== undefined && query.spanId.toLowerCase() !== span.spanId) return false;
  if (query.root !== undefined && query.root !== (span.parentSpanId === undefined)) return false;
  if (!attributesMatch(query.attributes, (key) => attributeOf(span, key))) return false;
  if (!attributesMatch(query.resource, (key) => span.resource[key])) return false;
  if (query.minDurationMs !== undefined && span.durationMs < query.minDurationMs) return false;
  if (query.maxDurationMs !== undefined && span.durationMs > query.maxDurationMs) return false;
  if (query.durationMs !== undefined && !matchValue(query.durationMs, span.durationMs)) return false;
  for (const event of query.events ?? []) {
    if (!span.events.some((e) => eventMatches(e.attributes, e.name, event))) return false;
  }
  return true;
}
