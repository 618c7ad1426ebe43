import type protobuf from 'protobufjs';
import { endAt, expectWire, messageEnd, OffFastPath, WIRE } from './wire-values.ts';

// Checks what the readers of wire-values.ts read, throwing where they throw, without building strings or values:
// a stored span's attributes are read from its bytes on first use, and must read then as they would have on arrival.

function skipString(reader: protobuf.Reader): void {
  const length = reader.uint32();
  if (reader.pos + length > reader.len) throw new OffFastPath('a string runs past the end');
  reader.pos += length;
}

/**
 * Where a varint read as protobufjs' int64() reads it ends: at most ten bytes; near the end of the buffer, the first
 * three are checked and a fourth is taken unchecked. No Long is built.
 */
export function int64End(buf: Uint8Array, start: number, len: number): number {
  let pos = start;
  if (len - pos <= 4) {
    for (let i = 0; i < 3; i += 1) {
      if (pos >= len) throw new OffFastPath('a varint runs past the end');
      if ((buf[pos++] as number) < 128) return pos;
    }
    return pos + 1;
  }
  for (let i = 0; i < 5; i += 1) if ((buf[pos++] as number) < 128) return pos;
  const checked = len - pos <= 4;
  for (let i = 0; i < 5; i += 1) {
    if (checked && pos >= len) throw new OffFastPath('a varint runs past the end');
    if ((buf[pos++] as number) < 128) return pos;
  }
  throw new OffFastPath('invalid varint encoding');
}

function checkArray(reader: protobuf.Reader, end: number): void {
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1) checkAnyValue(reader, messageEnd(reader, tag & 7));
    else reader.skipType(tag & 7);
  }
  endAt(reader, end);
}

function checkKeyValues(reader: protobuf.Reader, end: number): void {
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1) checkKeyValue(reader, messageEnd(reader, tag & 7));
    else reader.skipType(tag & 7);
  }
  endAt(reader, end);
}

function checkMember(reader: protobuf.Reader, field: number, wire: number): void {
  if (field === 2) {
    expectWire(wire, WIRE.varint);
    reader.bool();
  } else if (field === 3) {
    expectWire(wire, WIRE.varint);
    reader.pos = int64End(reader.buf, reader.pos, reader.len);
  } else if (field === 4) {
    expectWire(wire, WIRE.fixed64);
    reader.double();
  } else if (field === 5) checkArray(reader, messageEnd(reader, wire));
  else if (field === 6) checkKeyValues(reader, messageEnd(reader, wire));
  else {
    // A string (1) or bytes (7).
    expectWire(wire, WIRE.bytes);
    skipString(reader);
  }
}

function checkAnyValue(reader: protobuf.Reader, end: number): void {
  let set = 0;
  while (reader.pos < end) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field < 1 || field > 7) {
      reader.skipType(wire);
      continue;
    }
    set += 1;
    if (set > 1) throw new OffFastPath('more than one AnyValue member');
    checkMember(reader, field, wire);
  }
  endAt(reader, end);
}

/** Checks one KeyValue ending at `end` as keyValue reads it (the same throws), decoding nothing. */
export function checkKeyValue(reader: protobuf.Reader, end: number): void {
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1) {
      expectWire(tag & 7, WIRE.bytes);
      skipString(reader);
    } else if (tag >>> 3 === 2) checkAnyValue(reader, messageEnd(reader, tag & 7));
    else reader.skipType(tag & 7);
  }
  endAt(reader, end);
}
