const DIGITS = /^\d+$/;
const CANONICAL = /^(?:0|[1-9]\d*)$/;

/** The 64-bit integer a protobuf decoder hands over as two 32-bit halves (a Long). */
export interface LongBits {
  readonly low: number;
  readonly high: number;
  readonly unsigned?: boolean;
}

/** True when `value` is a Long-like pair of 32-bit halves. */
export function isLongBits(value: unknown): value is LongBits {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as LongBits).low === 'number' &&
    typeof (value as LongBits).high === 'number'
  );
}

// From the halves through BigInt: a flat string (a template would leave a 19-digit cons string per span), and faster
// than the Long's own toString.
function longNanos(value: LongBits): string | undefined {
  if (value.unsigned !== true && value.high < 0) return undefined;
  return uint64Decimal(value.low, value.high);
}

/** The unsigned 64-bit integer with these 32-bit halves as a decimal string. */
export function uint64Decimal(low: number, high: number): string {
  return ((BigInt(high >>> 0) << 32n) | BigInt(low >>> 0)).toString();
}

/** Reads an OTLP fixed64 nanosecond timestamp (string, number or Long-like) as a decimal string, or undefined. */
export function readNanos(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return '0';
  if (isLongBits(value)) return longNanos(value);
  // A canonical decimal string is kept as is: no second copy per span.
  if (typeof value === 'string' && CANONICAL.test(value)) return value;
  const text = typeof value === 'number' ? BigInt(Math.trunc(value)).toString() : String(value);
  return DIGITS.test(text) ? BigInt(text).toString() : undefined;
}

/** Converts nanoseconds (decimal string) to milliseconds, keeping sub-millisecond precision. */
export function nanosToMs(nanos: string): number {
  // Whole milliseconds and the nanosecond rest, read as numbers: the same values the BigInt division gives.
  if (nanos.length <= 6) return Number(nanos) / 1e6;
  return Number(nanos.slice(0, -6)) + Number(nanos.slice(-6)) / 1e6;
}

/** Converts milliseconds to a nanosecond decimal string. */
export function msToNanos(ms: number): string {
  const whole = Math.floor(ms);
  return (BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6))).toString();
}

/** The difference end - start in milliseconds, never negative. */
export function durationMs(startNanos: string, endNanos: string): number {
  const wholeMs = nanosWholeMs(endNanos) - nanosWholeMs(startNanos);
  const diff = wholeMs * 1e6 + (nanosRest(endNanos) - nanosRest(startNanos));
  if (Number.isSafeInteger(diff) && Math.abs(wholeMs) < 2 ** 52 / 1e6) {
    if (diff <= 0) return 0;
    const whole = Math.floor(diff / 1e6);
    return whole + (diff - whole * 1e6) / 1e6;
  }
  const exact = BigInt(endNanos) - BigInt(startNanos);
  return exact > 0n ? nanosToMs(exact.toString()) : 0;
}

function nanosWholeMs(nanos: string): number {
  return nanos.length <= 6 ? 0 : Number(nanos.slice(0, -6));
}

function nanosRest(nanos: string): number {
  return Number(nanos.length <= 6 ? nanos : nanos.slice(-6));
}
