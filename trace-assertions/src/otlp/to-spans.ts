import type { Attributes, Span, SpanEvent, SpanKind, SpanLink, SpanScope, SpanStatusCode } from '../types.ts';
import { asArray, asRecord, asString, field } from '../util/json.ts';
import { type Intern, keyValuesToAttributes } from './any-value.ts';
import { readKind, readStatusCode } from './enums.ts';
import { type IdEncoding, readId } from './ids.ts';
import { type NanoTime, nanoDurationMs, nanosToMs, nanoTimeMs, nanoTimeOf, readNanos } from './time.ts';

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
  /** One string per distinct id, name or short value in the request: spans of a trace share their trace id. */
  readonly intern: Intern;
}

/** The events of every span without events (one frozen array). */
export const NO_EVENTS: readonly SpanEvent[] = Object.freeze([]);
/** The links of every span without links (one frozen array). */
export const NO_LINKS: readonly SpanLink[] = Object.freeze([]);
/** One shared status per code for statuses without a message. */
export const STATUS_WITHOUT_MESSAGE: Readonly<Record<SpanStatusCode, Span['status']>> = {
  unset: Object.freeze({ code: 'unset', message: '' }),
  ok: Object.freeze({ code: 'ok', message: '' }),
  error: Object.freeze({ code: 'error', message: '' }),
};

// Longer strings are rarely repeated; interning them would only cost the lookup.
const MAX_INTERNED_LENGTH = 64;

/** A fresh interner for one request. */
export function interner(): Intern {
  const seen = new Map<string, string>();
  return (text) => {
    if (text.length > MAX_INTERNED_LENGTH || text === '') return text;
    const known = seen.get(text);
    if (known !== undefined) return known;
    seen.set(text, text);
    return text;
  };
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
  const intern = interner();
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
      const context: Context = { resource, service, scope, idEncoding: options.idEncoding, intern };
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
  const parentId = readId(field(span, 'parentSpanId'), 8, context.idEncoding);
  if (!traceId) return `span "${name}": invalid trace_id ${JSON.stringify(field(span, 'traceId'))}`;
  if (!spanId) return `span "${name}": invalid span_id ${JSON.stringify(field(span, 'spanId'))}`;
  if (parentId === undefined) return `span "${name}": invalid parent_span_id`;
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
  const message = asString(status.message);
  const parts: SpanParts = {
    traceId: context.intern(traceId),
    spanId: context.intern(spanId),
    parentSpanId: context.intern(parentId),
    name: context.intern(name),
    start: nanoTimeOf(start),
    end: nanoTimeOf(end),
    status: message === '' ? STATUS_WITHOUT_MESSAGE[statusCode] : { code: statusCode, message },
    attributes: keyValuesToAttributes(span.attributes, context.intern),
    events: readEvents(span.events),
    links,
  };
  const built = buildSpan(parts, kind, context);
  return traceState ? { ...built, traceState } : built;
}

/** The read fields of a span, before the millisecond times are derived. */
export interface SpanParts {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  readonly start: NanoTime;
  readonly end: NanoTime;
  readonly status: Span['status'];
  readonly attributes: Attributes;
  readonly events: readonly SpanEvent[];
  readonly links: readonly SpanLink[];
}

/** Builds the span: two literal shapes (with and without a parent) keep every span's fields in the object itself. */
export function buildSpan(
  p: SpanParts,
  kind: SpanKind,
  context: Pick<Context, 'service' | 'resource' | 'scope'>,
): Span {
  const startTimeMs = nanoTimeMs(p.start);
  const endTimeMs = nanoTimeMs(p.end);
  const duration = nanoDurationMs(p.start, p.end);
  if (p.parentSpanId === '') {
    return {
      traceId: p.traceId,
      spanId: p.spanId,
      name: p.name,
      kind,
      service: context.service,
      resource: context.resource,
      scope: context.scope,
      startTimeMs,
      endTimeMs,
      startTimeUnixNano: p.start.text,
      endTimeUnixNano: p.end.text,
      durationMs: duration,
      status: p.status,
      attributes: p.attributes,
      events: p.events,
      links: p.links,
    };
  }
  return {
    traceId: p.traceId,
    spanId: p.spanId,
    parentSpanId: p.parentSpanId,
    name: p.name,
    kind,
    service: context.service,
    resource: context.resource,
    scope: context.scope,
    startTimeMs,
    endTimeMs,
    startTimeUnixNano: p.start.text,
    endTimeUnixNano: p.end.text,
    durationMs: duration,
    status: p.status,
    attributes: p.attributes,
    events: p.events,
    links: p.links,
  };
}

function readEvents(raw: unknown): readonly SpanEvent[] {
  const items = asArray(raw) ?? [];
  if (items.length === 0) return NO_EVENTS;
  return items.flatMap((item) => {
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

function readLinks(raw: unknown, idEncoding: IdEncoding): readonly SpanLink[] | string {
  const items = asArray(raw) ?? [];
  if (items.length === 0) return NO_LINKS;
  const links: SpanLink[] = [];
  for (const item of items) {
    const link = asRecord(item) ?? {};
    const traceId = readId(field(link, 'traceId'), 16, idEncoding);
    const spanId = readId(field(link, 'spanId'), 8, idEncoding);
    if (!traceId || !spanId) return 'invalid link ids';
    links.push({ traceId, spanId, attributes: keyValuesToAttributes(link.attributes) });
  }
  return links;
}
