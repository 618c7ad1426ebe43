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
