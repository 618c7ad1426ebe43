import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { int64ToJs } from './any-value.ts';
import {
  durationMs,
  type LongBits,
  nanoDurationMs,
  nanosToMs,
  nanoTimeMs,
  nanoTimeOfHalves,
  nanoTimeReader,
  readNanos,
} from './time.ts';

// The Long class protobufjs decodes int64 fields into.
const Long = protobuf.util.Long as unknown as { fromString(text: string, unsigned?: boolean): LongBits };

// The BigInt arithmetic the fast paths must agree with, bit for bit.
function exactMs(nanos: string): number {
  const value = BigInt(nanos);
  return Number(value / 1_000_000n) + Number(value % 1_000_000n) / 1e6;
}
function exactDuration(start: string, end: string): number {
  const diff = BigInt(end) - BigInt(start);
  return diff > 0n ? exactMs(diff.toString()) : 0;
}

const times = ['0', '7', '999999', '1000000', '1767225600000000000', '1767225600123456789', '18446744073709551615'];

describe('OTLP time conversion', () => {
  it.each(times)('nanosToMs(%s) equals the BigInt division', (nanos) => {
    expect(nanosToMs(nanos)).toBe(exactMs(nanos));
  });

  it.each([
    ['1767225600000000000', '1767225600080000000'],
    ['1767225600123456789', '1767225600123456790'],
    ['1767225600123456789', '1767225600000000001'],
    ['0', '18446744073709551615'],
    ['5', '5'],
    ['999999', '1000001'],
  ])('durationMs(%s, %s) equals the BigInt difference', (start, end) => {
    expect(durationMs(start, end)).toBe(exactDuration(start, end));
  });

  it.each(times)('splits %s from its two halves into the same text, milliseconds and durations', (nanos) => {
    const long = Long.fromString(nanos, true);
    const time = nanoTimeOfHalves(long.low, long.high);
    expect(time.text).toBe(nanos);
    expect(nanoTimeMs(time)).toBe(exactMs(nanos));
    for (const other of times) {
      const start = Long.fromString(other, true);
      expect(nanoDurationMs(nanoTimeOfHalves(start.low, start.high), time)).toBe(exactDuration(other, nanos));
    }
  });

  it('reads one time per distinct pair of halves in a request', () => {
    const read = nanoTimeReader();
    const first = read(5, 1);
    expect(read(5, 1)).toBe(first);
    expect(read(5, 2).text).toBe(((2n << 32n) | 5n).toString());
    expect(read(6, 1)).not.toBe(first);
  });

  it('reads the right time when two times share a slot of the reader', () => {
    const read = nanoTimeReader();
    // 0 and 257 fall in the same slot.
    const times = [read(0, 1), read(257, 1), read(0, 1), read(257, 7)].map((time) => time.text);
    expect(times).toEqual([1n << 32n, (1n << 32n) | 257n, 1n << 32n, (7n << 32n) | 257n].map(String));
  });

  it('keeps a canonical nanosecond string and normalizes the rest', () => {
    expect(readNanos('1767225600123456789')).toBe('1767225600123456789');
    expect(readNanos('007')).toBe('7');
    expect(readNanos(1.9e3)).toBe('1900');
    expect(readNanos('-1')).toBeUndefined();
    expect(readNanos('')).toBe('0');
  });

  it.each(times)('reads %s from the two halves of a Long as the same decimal string', (nanos) => {
    expect(readNanos(Long.fromString(nanos, true))).toBe(nanos);
  });

  it('refuses a negative signed Long as a time', () => {
    expect(readNanos(Long.fromString('-5'))).toBeUndefined();
  });

  it.each([
    '0',
    '201',
    '-1',
    '2147483647',
    '-2147483648',
    '2147483648',
    '4294967296',
    '-2147483649',
    '-9007199254740991',
    '9007199254740991',
    '9007199254740993',
    '-9223372036854775808',
  ])('reads the int64 %s from a Long as the decimal string does', (text) => {
    expect(int64ToJs(Long.fromString(text))).toEqual(int64ToJs(text));
  });
});
