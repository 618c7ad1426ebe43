import protobuf from 'protobufjs';
import type { Attributes, Span, SpanEvent, SpanLink, SpanScope, SpanStatusCode } from '../types.ts';
import { ByteStrings } from './byte-strings.ts';
import { readKind, readStatusCode } from './enums.ts';
import { type NanoTime, type NanoTimeReader, nanoTimeMs, nanoTimeReader } from './time.ts';
import { buildSpan, NO_EVENTS, NO_LINKS, type OtlpParseResult, STATUS_WITHOUT_MESSAGE } from './to-spans.ts';
import {
  endAt,
  expectWire,
  keyValue,
  keyValues,
  messageEnd,
  OffFastPath,
  readString,
  skipField,
  WIRE,
} from './wire-values.ts';

// The declared wire types of the fields each message has but the spans do not keep.
const UNUSED = {
  span: { 10: WIRE.varint, 12: WIRE.varint, 14: WIRE.varint, 16: WIRE.fixed32 },
  event: { 4: WIRE.varint },
  link: { 3: WIRE.bytes, 5: WIRE.varint, 6: WIRE.fixed32 },
  scope: { 4: WIRE.varint },
  scopeSpans: { 3: WIRE.bytes },
  resourceSpans: { 3: WIRE.bytes },
  resource: { 2: WIRE.varint },
} as const;

const ZERO_TIME: NanoTime = Object.freeze({ text: '0', wholeMs: 0, restNs: 0 });

interface Context {
  readonly resource: Attributes;
  readonly service: string;
  readonly scope: SpanScope;
  readonly strings: ByteStrings;
  readonly times: NanoTimeReader;
  readonly fields: SpanFields;
}

type RequestContext = Pick<Context, 'strings' | 'times' | 'fields'>;

function fields(reader: protobuf.Reader, end: number, read: (field: number, wire: number) => void): void {
  while (reader.pos < end) {
    const tag = reader.uint32();
    read(tag >>> 3, tag & 7);
  }
  endAt(reader, end);
}

function text(reader: protobuf.Reader, wire: number, strings: ByteStrings): string {
  expectWire(wire, WIRE.bytes);
  return readString(reader, strings);
}

// Two fixed32 halves: no Long object per time, and one string per distinct time of the request.
function nanos(reader: protobuf.Reader, wire: number, times: NanoTimeReader): NanoTime {
  expectWire(wire, WIRE.fixed64);
  const low = reader.fixed32();
  return times(low, reader.fixed32());
}

// A valid id of `length` bytes as hex, '' when absent; anything else leaves the fast path (the general one explains).
// Hex straight from the request buffer, one string per distinct id of the request.
function id(reader: protobuf.Reader, wire: number, length: number, strings: ByteStrings, allowEmpty = false): string {
  expectWire(wire, WIRE.bytes);
  const size = reader.uint32();
  const start = reader.pos;
  if (start + size > reader.len) throw new OffFastPath('id past the end');
  reader.pos = start + size;
  if (size === 0 && allowEmpty) return '';
  const buf = reader.buf;
  let zero = true;
  for (let i = start; i < start + size && zero; i += 1) zero = buf[i] === 0;
  if (size !== length || zero) throw new OffFastPath('id');
  return strings.hex(start, start + size);
}

function event(reader: protobuf.Reader, end: number, { strings, times }: RequestContext): SpanEvent {
  let name = '';
  let time = ZERO_TIME;
  const attributes: Attributes = {};
  fields(reader, end, (field, wire) => {
    if (field === 1) time = nanos(reader, wire, times);
    else if (field === 2) name = text(reader, wire, strings);
    else if (field === 3) keyValue(reader, messageEnd(reader, wire), attributes, strings);
    else skipField(reader, field, wire, UNUSED.event);
  });
  return { name, timeMs: nanoTimeMs(time), timeUnixNano: time.text, attributes };
}

function link(reader: protobuf.Reader, end: number, strings: ByteStrings): SpanLink {
  let traceId = '';
  let spanId = '';
  const attributes: Attributes = {};
  fields(reader, end, (field, wire) => {
    if (field === 1) traceId = id(reader, wire, 16, strings);
    else if (field === 2) spanId = id(reader, wire, 8, strings);
    else if (field === 4) keyValue(reader, messageEnd(reader, wire), attributes, strings);
    else skipField(reader, field, wire, UNUSED.link);
  });
  if (traceId === '' || spanId === '') throw new OffFastPath('link ids');
  return { traceId, spanId, attributes };
}

function status(reader: protobuf.Reader, end: number, strings: ByteStrings): Span['status'] {
  let message = '';
  let code: SpanStatusCode | undefined = 'unset';
  // A loop of its own rather than fields(): no closure per span.
  while (reader.pos < end) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 2) message = text(reader, wire, strings);
    else if (field === 3) {
      expectWire(wire, WIRE.varint);
      code = readStatusCode(reader.int32());
    } else reader.skipType(wire);
  }
  endAt(reader, end);
  if (code === undefined) throw new OffFastPath('status code');
  return message === '' ? STATUS_WITHOUT_MESSAGE[code] : { code, message };
}

// Filled per span, then copied into the span by buildSpan: one object per request, none per span.
interface SpanFields {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  start: NanoTime;
  end: NanoTime;
  traceState: string;
  status: Span['status'];
  attributes: Attributes;
  // The shared empty arrays until a span has an event or a link.
  events: SpanEvent[] | typeof NO_EVENTS;
  links: SpanLink[] | typeof NO_LINKS;
}

function emptyFields(): SpanFields {
  return {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    name: '',
    kind: 0,
    start: ZERO_TIME,
    end: ZERO_TIME,
    traceState: '',
    status: STATUS_WITHOUT_MESSAGE.unset,
    attributes: {},
    events: NO_EVENTS,
    links: NO_LINKS,
  };
}

function resetFields(s: SpanFields): void {
  s.traceId = '';
  s.spanId = '';
  s.parentSpanId = '';
  s.name = '';
  s.kind = 0;
  s.start = ZERO_TIME;
  s.end = ZERO_TIME;
  s.traceState = '';
  s.status = STATUS_WITHOUT_MESSAGE.unset;
  s.attributes = {};
  s.events = NO_EVENTS;
  s.links = NO_LINKS;
}

function spanField(reader: protobuf.Reader, s: SpanFields, field: number, wire: number, context: Context): void {
  const { strings } = context;
  if (field === 1) s.traceId = id(reader, wire, 16, strings);
  else if (field === 2) s.spanId = id(reader, wire, 8, strings);
  else if (field === 3) s.traceState = text(reader, wire, strings);
  else if (field === 4) s.parentSpanId = id(reader, wire, 8, strings, true);
  else if (field === 5) s.name = text(reader, wire, strings);
  else if (field === 6) {
    expectWire(wire, WIRE.varint);
    s.kind = reader.int32();
  } else if (field === 7) s.start = nanos(reader, wire, context.times);
  else if (field === 8) s.end = nanos(reader, wire, context.times);
  else if (field === 9) keyValue(reader, messageEnd(reader, wire), s.attributes, strings);
  else if (field === 11) {
    const read = event(reader, messageEnd(reader, wire), context);
    if (s.events === NO_EVENTS) s.events = [read];
    else (s.events as SpanEvent[]).push(read);
  } else if (field === 13) {
    const read = link(reader, messageEnd(reader, wire), strings);
    if (s.links === NO_LINKS) s.links = [read];
    else (s.links as SpanLink[]).push(read);
  } else if (field === 15) s.status = status(reader, messageEnd(reader, wire), strings);
  else skipField(reader, field, wire, UNUSED.span);
}

// A loop of its own rather than fields(): no closure per span.
function span(reader: protobuf.Reader, end: number, context: Context): Span {
  const s = context.fields;
  resetFields(s);
  while (reader.pos < end) {
    const tag = reader.uint32();
    spanField(reader, s, tag >>> 3, tag & 7, context);
  }
  endAt(reader, end);
  const kind = readKind(s.kind);
  if (s.traceId === '' || s.spanId === '' || kind === undefined) throw new OffFastPath('span');
  const built = buildSpan(s, kind, context);
  return s.traceState ? { ...built, traceState: s.traceState } : built;
}

function scope(reader: protobuf.Reader, end: number, strings: ByteStrings): SpanScope {
  let name = '';
  let version = '';
  const attributes: Attributes = {};
  fields(reader, end, (field, wire) => {
    if (field === 1) name = text(reader, wire, strings);
    else if (field === 2) version = text(reader, wire, strings);
    else if (field === 3) keyValue(reader, messageEnd(reader, wire), attributes, strings);
    else skipField(reader, field, wire, UNUSED.scope);
  });
  return { name, version, attributes };
}

// Spans may come before their scope on the wire: the scope is read first, then the spans from their saved offsets.
function scopeSpans(reader: protobuf.Reader, end: number, base: Omit<Context, 'scope'>, out: Span[]): void {
  let scopeOf: SpanScope = { name: '', version: '', attributes: {} };
  // Start and end offsets of each span, flat: no pair per span.
  const offsets: number[] = [];
  fields(reader, end, (field, wire) => {
    if (field === 1) scopeOf = scope(reader, messageEnd(reader, wire), base.strings);
    else if (field === 2) {
      const spanEnd = messageEnd(reader, wire);
      offsets.push(reader.pos, spanEnd);
      reader.pos = spanEnd;
    } else skipField(reader, field, wire, UNUSED.scopeSpans);
  });
  const context = { ...base, scope: scopeOf };
  for (let i = 0; i < offsets.length; i += 2) {
    reader.pos = offsets[i] as number;
    out.push(span(reader, offsets[i + 1] as number, context));
  }
  reader.pos = end;
}

function resourceSpans(reader: protobuf.Reader, end: number, base: RequestContext, out: Span[]): void {
  let resource: Attributes = {};
  const scopeStarts: Array<[number, number]> = [];
  fields(reader, end, (field, wire) => {
    if (field === 1)
      resource = keyValues(reader, messageEnd(reader, wire), {
        field: 1,
        strings: base.strings,
        declared: UNUSED.resource,
      });
    else if (field === 2) {
      const scopeEnd = messageEnd(reader, wire);
      scopeStarts.push([reader.pos, scopeEnd]);
      reader.pos = scopeEnd;
    } else skipField(reader, field, wire, UNUSED.resourceSpans);
  });
  const serviceName = resource['service.name'];
  const service = typeof serviceName === 'string' ? serviceName : 'unknown_service';
  for (const [start, scopeEnd] of scopeStarts) {
    reader.pos = start;
    scopeSpans(reader, scopeEnd, { ...base, resource, service }, out);
  }
  reader.pos = end;
}

/**
 * Reads a protobuf ExportTraceServiceRequest straight into spans, without protobufjs message objects; the same spans
 * the general path (decode, toObject, spansFromOtlp) builds. Returns undefined for anything that path would reject or
 * that the fast path does not read the same way (malformed bytes, invalid ids, unknown kinds, repeated oneof members),
 * so the caller decodes those the general way, with its checks and messages.
 */
export function decodeWireRequest(body: Uint8Array): OtlpParseResult | undefined {
  // A Buffer reader on any input: the string cache slices the same Buffer.
  const buffer = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const reader = protobuf.Reader.create(buffer);
  const spans: Span[] = [];
  const request: RequestContext = { strings: new ByteStrings(buffer), times: nanoTimeReader(), fields: emptyFields() };
  try {
    fields(reader, reader.len, (field, wire) => {
      if (field === 1) resourceSpans(reader, messageEnd(reader, wire), request, spans);
      else reader.skipType(wire);
    });
  } catch {
    return undefined;
  }
  return reader.pos === reader.len ? { spans, rejected: 0, errors: [] } : undefined;
}
