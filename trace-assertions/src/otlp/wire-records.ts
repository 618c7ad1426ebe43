import type protobuf from 'protobufjs';
import type { Span, SpanKind } from '../types.ts';
import type { StringReader } from './byte-strings.ts';
import { readKind } from './enums.ts';
import type { NanoTimeReader } from './time.ts';
import { NO_EVENTS, NO_LINKS } from './to-spans.ts';
import { checkKeyValue } from './wire-check.ts';
import { readWireRequest } from './wire-decode.ts';
import { type StoredSpan, spanOf, WireSpan } from './wire-span.ts';
import {
  emptyFields,
  id,
  type SpanContext,
  span,
  spanField,
  text,
  type WireSource,
  ZERO_TIME,
} from './wire-span-reader.ts';
import { endAt, expectWire, messageEnd, OffFastPath, WIRE } from './wire-values.ts';

// Checking a field without keeping it: the same readers, with strings and times that decode nothing.
const NO_STRINGS: StringReader = { hex: () => '', utf8: () => '' };
const NO_TIMES: NanoTimeReader = () => ZERO_TIME;
const checked = emptyFields();
const CHECK: SpanContext = {
  buffer: Buffer.alloc(0),
  resource: {},
  service: '',
  scope: { name: '', version: '', attributes: {} },
  strings: NO_STRINGS,
  times: NO_TIMES,
  fields: checked,
};

// Filled per span, copied into its WireSpan.
const kept = { traceId: '', spanId: '', name: '', kind: 'internal' as SpanKind, start: 0, end: 0 };

// One source per scope of a request: its spans share it.
let lastContext: SpanContext | undefined;
let lastSource: WireSource | undefined;

function sourceOf(context: SpanContext): WireSource {
  if (context !== lastContext || lastSource === undefined) {
    const { buffer, resource, service, scope } = context;
    lastSource = { buffer, resource, service, scope };
    lastContext = context;
  }
  return lastSource;
}

// Reads the indexed fields and checks every other one as the full read would; true when the span has a link.
function readIndexed(reader: protobuf.Reader, end: number, strings: StringReader): boolean {
  let linked = false;
  let kind = 0;
  kept.traceId = '';
  kept.spanId = '';
  kept.name = '';
  checked.events = NO_EVENTS;
  checked.links = NO_LINKS;
  while (reader.pos < end) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1) kept.traceId = id(reader, wire, 16, strings);
    else if (field === 2) kept.spanId = id(reader, wire, 8, strings);
    else if (field === 5) kept.name = text(reader, wire, strings);
    else if (field === 6) {
      expectWire(wire, WIRE.varint);
      kind = reader.int32();
    } else if (field === 9) checkKeyValue(reader, messageEnd(reader, wire));
    else if (field === 13) {
      // A span with links is read again in full, which checks them.
      linked = true;
      reader.pos = messageEnd(reader, wire);
    } else spanField(reader, checked, field, wire, CHECK);
  }
  endAt(reader, end);
  const known = readKind(kind);
  if (kept.traceId === '' || kept.spanId === '' || known === undefined) throw new OffFastPath('span');
  kept.kind = known;
  return linked;
}

/** Reads a span message as a WireSpan (its bytes and indexed fields), or as a built span when it has links. */
export function wireSpan(reader: protobuf.Reader, end: number, context: SpanContext): StoredSpan {
  const start = reader.pos;
  if (readIndexed(reader, end, context.strings)) {
    reader.pos = start;
    return span(reader, end, context);
  }
  kept.start = start;
  kept.end = end;
  return new WireSpan(kept, sourceOf(context));
}

// Bytes of a view's backing store beyond the view that are kept rather than copied (gRPC's 5-byte message header).
const KEPT_SLACK_BYTES = 64;

// The request's bytes stay as long as one of its spans is stored: a view into a larger buffer (a pooled slab, a
// transport's chunk) would keep all of it, so such a view is copied.
function ownBytes(body: Uint8Array): Buffer {
  if (Buffer.isBuffer(body) && body.buffer.byteLength <= body.byteLength + KEPT_SLACK_BYTES) return body;
  const copy = Buffer.allocUnsafeSlow(body.byteLength);
  copy.set(body);
  return copy;
}

/**
 * Reads a protobuf ExportTraceServiceRequest into stored spans that keep their bytes (see WireSpan); the spans they
 * build are those decodeWireRequest returns. Undefined where the general path must decide, as decodeWireRequest.
 */
export function decodeWireSpans(body: Uint8Array): StoredSpan[] | undefined {
  const spans = readWireRequest<StoredSpan>(ownBytes(body), wireSpan);
  // The last request's tables are not kept past its decoding.
  lastContext = undefined;
  lastSource = undefined;
  return spans;
}

/** The spans of stored ones, built (for callers outside the store). */
export function builtSpans(stored: readonly StoredSpan[]): Span[] {
  return stored.map(spanOf);
}
