import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { int64ToJs } from './any-value.ts';
import { durationMs, type LongBits, nanosToMs, readNanos } from './time.ts';

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
