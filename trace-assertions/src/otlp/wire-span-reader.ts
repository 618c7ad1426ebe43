import protobuf from 'protobufjs';
import type { Attributes, Span, SpanEvent, SpanLink, SpanScope, SpanStatusCode } from '../types.ts';
import { ByteStrings, type StringReader } from './byte-strings.ts';
import { readKind, readStatusCode } from './enums.ts';
import { type NanoTime, type NanoTimeReader, nanoTimeMs, nanoTimeReader } from './time.ts';
import { buildSpan, NO_EVENTS, NO_LINKS, STATUS_WITHOUT_MESSAGE } from './to-spans.ts';
import { endAt, expectWire, keyValue, messageEnd, OffFastPath, readString, skipField, WIRE } from './wire-values.ts';

// The declared wire types of the fields each message has but the spans do not keep.
export const UNUSED = {
  span: { 10: WIRE.varint, 12: WIRE.varint, 14: WIRE.varint, 16: WIRE.fixed32 },
  event: { 4: WIRE.varint },
  link: { 3: WIRE.bytes, 5: WIRE.varint, 6: WIRE.fixed32 },
  scope: { 4: WIRE.varint },
  scopeSpans: { 3: WIRE.bytes },
  resourceSpans: { 3: WIRE.bytes },
  resource: { 2: WIRE.varint },
} as const;

export const ZERO_TIME: NanoTime = Object.freeze({ text: '0', wholeMs: 0, restNs: 0 });

/** Where a span's bytes lie and what its request gives every span of it: resource, service and scope. */
export interface WireSource {
  readonly buffer: Buffer;
  readonly resource: Attributes;
  readonly service: string;
  readonly scope: SpanScope;
}

/** What reading a span needs: its source, the request's string and time tables, and the record filled per span. */
export interface SpanContext extends WireSource {
  readonly strings: StringReader;
  readonly times: NanoTimeReader;
  readonly fields: SpanFields;
}

type RequestContext = Pick<SpanContext, 'strings' | 'times' | 'fields'>;

export function fields(reader: protobuf.Reader, end: number, read: (field: number, wire: number) => void): void {
  while (reader.pos < end) {
    const tag = reader.uint32();
    read(tag >>> 3, tag & 7);
  }
  endAt(reader, end);
}

export function text(reader: protobuf.Reader, wire: number, strings: StringReader): string {
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
export function id(
  reader: protobuf.Reader,
  wire: number,
  length: number,
  strings: StringReader,
  allowEmpty = false,
): string {
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

function link(reader: protobuf.Reader, end: number, strings: StringReader): SpanLink {
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

function status(reader: protobuf.Reader, end: number, strings: StringReader): Span['status'] {
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
export interface SpanFields {
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

export function emptyFields(): SpanFields {
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

export function spanField(
  reader: protobuf.Reader,
  s: SpanFields,
  field: number,
  wire: number,
  context: SpanContext,
): void {
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

/** Reads the span ending at `end`; throws OffFastPath for anything the general path reads differently. */
export function span(reader: protobuf.Reader, end: number, context: SpanContext): Span {
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

// Building a stored span from its bytes: one string table per buffer read last (a scan builds the spans of a request
// in a row), times shared across requests (a NanoTime is the same value whatever request it came from). The table
// holds its buffer: it is dropped once the synchronous run that read it ends, so no request's bytes outlive its spans.
let lastBuffer: Buffer | undefined;
let lastStrings: StringReader | undefined;
let dropScheduled = false;
const buildTimes = nanoTimeReader();
const buildFields = emptyFields();

function dropLastStrings(): void {
  lastBuffer = undefined;
  lastStrings = undefined;
  dropScheduled = false;
}

function stringsOf(buffer: Buffer): StringReader {
  if (buffer !== lastBuffer || lastStrings === undefined) {
    lastBuffer = buffer;
    lastStrings = new ByteStrings(buffer);
    if (!dropScheduled) {
      dropScheduled = true;
      queueMicrotask(dropLastStrings);
    }
  }
  return lastStrings;
}

/** True while the reader holds a request buffer's string table (for tests: it is dropped after the read's task). */
export function holdsRequestBytes(): boolean {
  return lastBuffer !== undefined || lastStrings !== undefined;
}

/**
 * The span whose message lies at [start, end) of `source.buffer`, read as the request's decode read it (the bytes
 * were checked then: reading them again cannot fail).
 */
export function spanFromBytes(source: WireSource, start: number, end: number): Span {
  const strings = stringsOf(source.buffer);
  const reader = protobuf.Reader.create(source.buffer);
  reader.pos = start;
  const context: SpanContext = { ...source, strings, times: buildTimes, fields: buildFields };
  return span(reader, end, context);
}

/** The attributes of the span at [start, end) of `source.buffer`, read as the span's own read reads them. */
export function attributesFromBytes(source: WireSource, start: number, end: number): Attributes {
  const strings = stringsOf(source.buffer);
  const reader = protobuf.Reader.create(source.buffer);
  reader.pos = start;
  const attributes: Attributes = {};
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag >>> 3 === 9) keyValue(reader, messageEnd(reader, tag & 7), attributes, strings);
    else reader.skipType(tag & 7);
  }
  return attributes;
}
