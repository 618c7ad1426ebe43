import protobuf from 'protobufjs';
import type { Attributes, Span, SpanScope } from '../types.ts';
import { ByteStrings, type StringReader } from './byte-strings.ts';
import { nanoTimeReader } from './time.ts';
import type { OtlpParseResult } from './to-spans.ts';
import { emptyFields, fields, type SpanContext, span, text, UNUSED, type WireSource } from './wire-span-reader.ts';
import { keyValue, keyValues, messageEnd, skipField } from './wire-values.ts';

/** Reads one span message (ending at `end`) into what the caller keeps of it. */
export type SpanMessageReader<T> = (reader: protobuf.Reader, end: number, context: SpanContext) => T;

type RequestContext<T> = Pick<SpanContext, 'strings' | 'times' | 'fields'> & {
  readonly buffer: Buffer;
  readonly read: SpanMessageReader<T>;
};

function scope(reader: protobuf.Reader, end: number, strings: StringReader): SpanScope {
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
function scopeSpans<T>(
  reader: protobuf.Reader,
  end: number,
  base: RequestContext<T> & Omit<WireSource, 'scope'>,
  out: T[],
): void {
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
  const { buffer, resource, service, strings, times, fields: spanFields, read } = base;
  const context: SpanContext = { buffer, resource, service, scope: scopeOf, strings, times, fields: spanFields };
  for (let i = 0; i < offsets.length; i += 2) {
    reader.pos = offsets[i] as number;
    out.push(read(reader, offsets[i + 1] as number, context));
  }
  reader.pos = end;
}

function resourceSpans<T>(reader: protobuf.Reader, end: number, base: RequestContext<T>, out: T[]): void {
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
 * Reads a protobuf ExportTraceServiceRequest from the wire, each span through `read`, without protobufjs message
 * objects. Returns undefined for anything the general path (decode, toObject, spansFromOtlp) would reject or read
 * differently (malformed bytes, invalid ids, unknown kinds, repeated oneof members), so the caller decodes those the
 * general way, with its checks and messages.
 */
export function readWireRequest<T>(body: Uint8Array, read: SpanMessageReader<T>): T[] | undefined {
  // A Buffer reader on any input: the string cache slices the same Buffer.
  const buffer = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const reader = protobuf.Reader.create(buffer);
  const out: T[] = [];
  const strings = new ByteStrings(buffer);
  const request: RequestContext<T> = { buffer, strings, times: nanoTimeReader(), fields: emptyFields(), read };
  try {
    fields(reader, reader.len, (field, wire) => {
      if (field === 1) resourceSpans(reader, messageEnd(reader, wire), request, out);
      else reader.skipType(wire);
    });
  } catch {
    return undefined;
  }
  return reader.pos === reader.len ? out : undefined;
}

/**
 * Reads a protobuf ExportTraceServiceRequest straight into spans: the same spans the general path builds, or
 * undefined where it must decide (see readWireRequest).
 */
export function decodeWireRequest(body: Uint8Array): OtlpParseResult | undefined {
  const spans = readWireRequest<Span>(body, span);
  return spans === undefined ? undefined : { spans, rejected: 0, errors: [] };
}
