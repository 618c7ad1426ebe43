import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { int64End } from './wire-check.ts';

function readerEnd(buf: Uint8Array, start: number): number | 'throws' {
  const reader = protobuf.Reader.create(buf);
  reader.pos = start;
  try {
    reader.int64();
    return reader.pos;
  } catch {
    return 'throws';
  }
}

function ownEnd(buf: Uint8Array, start: number): number | 'throws' {
  try {
    return int64End(buf, start, buf.length);
  } catch {
    return 'throws';
  }
}

describe('int64End', () => {
  it('ends where protobufjs int64() ends, or throws where it throws, for every varint length and buffer end', () => {
    const cases: string[] = [];
    for (let continued = 0; continued <= 12; continued += 1) {
      for (let total = 1; total <= 16; total += 1) {
        for (const start of [0, 3]) {
          const buf = new Uint8Array(start + total).fill(0x81);
          if (start + continued < buf.length) buf[start + continued] = 0x01;
          const expected = readerEnd(buf, start);
          if (ownEnd(buf, start) !== expected) cases.push(`${continued}/${total}/${start}`);
        }
      }
    }
    expect(cases).toEqual([]);
  });
});
