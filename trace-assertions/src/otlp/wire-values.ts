import type protobuf from 'protobufjs';
import type { Attributes, AttributeValue } from '../types.ts';
import { int64ToJs } from './any-value.ts';
import type { StringReader } from './byte-strings.ts';

/** The request leaves the fast path: the caller decodes it the general way, with its checks and messages. */
export class OffFastPath extends Error {
  override readonly name = 'OffFastPath';
}

/** Wire types of the protobuf encoding. */
export const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

/** The end offset of the length-delimited field the reader is at; throws OffFastPath on any other wire type. */
export function messageEnd(reader: protobuf.Reader, wireType: number): number {
  expectWire(wireType, WIRE.bytes);
  const end = reader.uint32() + reader.pos;
  if (end > reader.len) throw new OffFastPath('a message runs past the end');
  return end;
}

/**
 * Skips a field this reader does not keep. protobufjs reads a declared field by its declared type whatever the wire
 * type says, so a declared field with another wire type leaves the fast path; `declared` maps field numbers to types.
 */
export function skipField(
  reader: protobuf.Reader,
  field: number,
  wire: number,
  declared: Readonly<Record<number, number>> = {},
): void {
  const expected = declared[field];
  if (expected !== undefined) expectWire(wire, expected);
  reader.skipType(wire);
}

/** Throws OffFastPath when the last field read ran past the end of its message (the general path reads on). */
export function endAt(reader: protobuf.Reader, end: number): void {
  if (reader.pos !== end) throw new OffFastPath('a field runs past the end of its message');
}

/** Throws OffFastPath when a known field arrives with another wire type than its declaration. */
export function expectWire(actual: number, expected: number): void {
  if (actual !== expected) throw new OffFastPath(`wire type ${actual}, expected ${expected}`);
}

/**
 * Reads a length-delimited string through the request's string cache (Buffer decoding, as protobufjs' Buffer reader);
 * a string running past the end leaves the fast path.
 */
export function readString(reader: protobuf.Reader, strings: StringReader): string {
  const length = reader.uint32();
  const start = reader.pos;
  if (start + length > reader.len) throw new OffFastPath('a string runs past the end');
  reader.pos = start + length;
  return strings.utf8(start, start + length);
}

function arrayValue(reader: protobuf.Reader, end: number, strings: StringReader): AttributeValue[] {
  const values: AttributeValue[] = [];
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1) values.push(anyValue(reader, messageEnd(reader, tag & 7), strings));
    else reader.skipType(tag & 7);
  }
  endAt(reader, end);
  return values;
}

/** Reads an AnyValue up to `end` as the general path's anyValueToJs would (null when no value is set). */
export function anyValue(reader: protobuf.Reader, end: number, strings: StringReader): AttributeValue {
  let value: AttributeValue = null;
  let set = 0;
  while (reader.pos < end) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field < 1 || field > 7) {
      reader.skipType(wire);
      continue;
    }
    // Several members of the oneof on the wire: the general path decides which one counts.
    set += 1;
    if (set > 1) throw new OffFastPath('more than one AnyValue member');
    value = member(reader, field, wire, strings);
  }
  endAt(reader, end);
  return value;
}

function member(reader: protobuf.Reader, field: number, wire: number, strings: StringReader): AttributeValue {
  switch (field) {
    case 1:
      expectWire(wire, WIRE.bytes);
      return readString(reader, strings);
    case 2:
      expectWire(wire, WIRE.varint);
      return reader.bool();
    case 3:
      expectWire(wire, WIRE.varint);
      return int64ToJs(reader.int64());
    case 4:
      expectWire(wire, WIRE.fixed64);
      return reader.double();
    case 5:
      return arrayValue(reader, messageEnd(reader, wire), strings);
    case 6:
      return keyValues(reader, messageEnd(reader, wire), { field: 1, strings });
    default:
      expectWire(wire, WIRE.bytes);
      return Buffer.from(reader.bytes()).toString('base64');
  }
}

/** Reads one KeyValue (ending at `end`) into `into`; a later key wins, a KeyValue without a key is skipped. */
export function keyValue(reader: protobuf.Reader, end: number, into: Attributes, strings: StringReader): void {
  let key: string | undefined;
  let value: AttributeValue = null;
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1) {
      expectWire(tag & 7, WIRE.bytes);
      key = readString(reader, strings);
    } else if (tag >>> 3 === 2) value = anyValue(reader, messageEnd(reader, tag & 7), strings);
    else reader.skipType(tag & 7);
  }
  endAt(reader, end);
  if (key !== undefined) into[key] = value;
}

/** Reads the repeated KeyValue field `field` of the message ending at `end` into an attributes object. */
export function keyValues(
  reader: protobuf.Reader,
  end: number,
  options: {
    readonly field: number;
    readonly strings: StringReader;
    readonly declared?: Readonly<Record<number, number>>;
  },
): Attributes {
  const attributes: Attributes = {};
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag >>> 3 === options.field) keyValue(reader, messageEnd(reader, tag & 7), attributes, options.strings);
    else skipField(reader, tag >>> 3, tag & 7, options.declared);
  }
  endAt(reader, end);
  return attributes;
}
