import type { Attributes, Span, SpanEvent, SpanLink, SpanScope } from '../types.ts';
import { asArray, asRecord, asString, field } from '../util/json.ts';
import { keyValuesToAttributes } from './any-value.ts';
import { readKind, readStatusCode } from './enums.ts';
import { type IdEncoding, readId } from './ids.ts';
import { durationMs, nanosToMs, readNanos } from './time.ts';

/** Spans read from one export request, plus the spans rejected (with why). */
export interface OtlpParseResult {
  readonly spans: Span[];
  readonly rejected: number;
  readonly errors: string[];
}

/** The request is not shaped like an ExportTraceServiceRequest at all. */
export class OtlpShapeError extends Error {
  override readonly name = 'OtlpShapeError';
}

/** Options of spansFromOtlp. */
export interface SpansFromOtlpOptions {
  readonly idEncoding: IdEncoding;
}

interface Context {
  readonly resource: Attributes;
  readonly service: string;
  readonly scope: SpanScope;
  readonly idEncoding: IdEncoding;
}

function list(record: Record<string, unknown>, camel: string, where: string): readonly unknown[] {
  const value = asArray(field(record, camel));
  if (value === undefined) throw new OtlpShapeError(`${where}.${camel} must be an array`);
  return value;
}

/** Normalizes an ExportTraceServiceRequest / TracesData (protobuf-decoded or OTLP/JSON) to spans. */
export function spansFromOtlp(request: unknown, options: SpansFromOtlpOptions): OtlpParseResult {
  const root = asRecord(request);
  if (root === undefined) throw new OtlpShapeError('the request body must be an object');
  const result = { spans: [] as Span[], rejected: 0, errors: [] as string[] };
  for (const [r, rawResourceSpans] of list(root, 'resourceSpans', 'request').entries()) {
    const resourceSpans = asRecord(rawResourceSpans);
    if (resourceSpans === undefined) throw new OtlpShapeError(`resourceSpans[${r}] must be an object`);
    const resource = keyValuesToAttributes(asRecord(resourceSpans.resource)?.attributes);
    const serviceName = resource['service.name'];
    const service = typeof serviceName === 'string' ? serviceName : 'unknown_service';
    const scopeLists = [
      ...list(resourceSpans, 'scopeSpans', `resourceSpans[${r}]`),
      ...list(resourceSpans, 'instrumentationLibrarySpans', `resourceSpans[${r}]`),
    ];
    for (const [s, rawScopeSpans] of scopeLists.entries()) {
      const scopeSpans = asRecord(rawScopeSpans);
      if (scopeSpans === undefined) throw new OtlpShapeError(`resourceSpans[${r}].scopeSpans[${s}] must be an object`);
      const rawScope = asRecord(scopeSpans.scope ?? field(scopeSpans, 'instrumentationLibrary')) ?? {};
      const scope: SpanScope = {
        name: asString(rawScope.name),
        version: asString(rawScope.version),
        attributes: keyValuesToAttributes(rawScope.attributes),
      };
      const context: Context = { resource, service, scope, idEncoding: options.idEncoding };
      for (const rawSpan of list(scopeSpans, 'spans', `resourceSpans[${r}].scopeSpans[${s}]`)) {
        const outcome = readSpan(rawSpan, context);
        if (typeof outcome === 'string') {
          result.rejected += 1;
          if (result.errors.length < 10) result.errors.push(outcome);
        } else {
          result.spans.push(outcome);
        }
      }
    }
  }
  return result;
}

function readSpan(raw: unknown, context: Context): Span | string {
  const span = asRecord(raw);
  if (span === undefined) return 'a span is not an object';
  const name = asString(span.name);
  const traceId = readId(field(span, 'traceId'), 16, context.idEncoding);
  const spanId = readId(field(span, 'spanId'), 8, context.idEncoding);
  const parentSpanId = readId(field(span, 'parentSpanId'), 8, context.idEncoding);
  if (!traceId) return `span "${name}": invalid trace_id ${JSON.stringify(field(span, 'traceId'))}`;
  if (!spanId) return `span "${name}": invalid span_id ${JSON.stringify(field(span, 'spanId'))}`;
  if (parentSpanId === undefined) return `span "${name}": invalid parent_span_id`;
  const kind = readKind(span.kind);
  if (kind === undefined) return `span "${name}": unknown kind ${JSON.stringify(span.kind)}`;
  const status = asRecord(span.status) ?? {};
  const statusCode = readStatusCode(status.code);
  if (statusCode === undefined) return `span "${name}": unknown status code ${JSON.stringify(status.code)}`;
  const start = readNanos(field(span, 'startTimeUnixNano'));
  const end = readNanos(field(span, 'endTimeUnixNano'));
  if (start === undefined || end === undefined) return `span "${name}": invalid start/end time`;
  const links = readLinks(field(span, 'links'), context.idEncoding);
  if (typeof links === 'string') return `span "${name}": ${links}`;
  const traceState = asString(field(span, 'traceState'));
  return {
    traceId,
    spanId,
    ...(parentSpanId ? { parentSpanId } : {}),
    name,
    kind,
    service: context.service,
    resource: context.resource,
    scope: context.scope,
    startTimeMs: nanosToMs(start),
    endTimeMs: nanosToMs(end),
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    durationMs: durationMs(start, end),
    status: { code: statusCode, message: asString(status.message) },
    attributes: keyValuesToAttributes(span.attributes),
    events: readEvents(span.events),
    links,
    ...(traceState ? { traceState } : {}),
  };
}

function readEvents(raw: unknown): SpanEvent[] {
  return (asArray(raw) ?? []).flatMap((item) => {
    const event = asRecord(item);
    if (event === undefined) return [];
    const time = readNanos(field(event, 'timeUnixNano')) ?? '0';
    return [
      {
        name: asString(event.name),
        timeMs: nanosToMs(time),
        timeUnixNano: time,
        attributes: keyValuesToAttributes(event.attributes),
      },
    ];
  });
}

function readLinks(raw: unknown, idEncoding: IdEncoding): SpanLink[] | string {
  const links: SpanLink[] = [];
  for (const item of asArray(raw) ?? []) {
    const link = asRecord(item) ?? {};
    const traceId = readId(field(link, 'traceId'), 16, idEncoding);
    const spanId = readId(field(link, 'spanId'), 8, idEncoding);
    if (!traceId || !spanId) return 'invalid link ids';
    links.push({ traceId, spanId, attributes: keyValuesToAttributes(link.attributes) });
  }
  return links;
}
