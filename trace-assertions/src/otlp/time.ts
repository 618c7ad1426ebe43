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

/** A nanosecond time as its decimal string plus whole milliseconds and the nanosecond rest, both exact numbers. */
export interface NanoTime {
  readonly text: string;
  readonly wholeMs: number;
  readonly restNs: number;
}

/** Splits a decimal nanosecond string into whole milliseconds and the nanosecond rest. */
export function nanoTimeOf(nanos: string): NanoTime {
  if (nanos.length <= 6) return { text: nanos, wholeMs: 0, restNs: Number(nanos) };
  return { text: nanos, wholeMs: Number(nanos.slice(0, -6)), restNs: Number(nanos.slice(-6)) };
}

/** The unsigned 64-bit nanosecond time with these 32-bit halves, split without BigInt where the parts allow. */
export function nanoTimeOfHalves(low: number, high: number): NanoTime & { readonly high: number } {
  const h = high >>> 0;
  // 2^32 = 4294 × 10^6 + 967296: the rest below stays under 2^53, so every step is exact.
  const rest = h * 967_296 + (low >>> 0);
  const restNs = rest % 1e6;
  return { text: uint64Decimal(low, high), wholeMs: h * 4294 + (rest - restNs) / 1e6, restNs, high };
}

/** Reads times from their halves, one NanoTime (one string) per distinct time: spans often start in the same ms. */
export type NanoTimeReader = (low: number, high: number) => NanoTime;

// Slots of a reader's table (a power of two): a later time whose slot is taken replaces the earlier one.
const TIME_SLOTS = 256;

/** A fresh NanoTimeReader, for one request: a fixed table keyed by the halves, no map entry or boxed key per time. */
export function nanoTimeReader(): NanoTimeReader {
  const lows = new Int32Array(TIME_SLOTS);
  const highs = new Int32Array(TIME_SLOTS);
  const times: Array<NanoTime | undefined> = new Array(TIME_SLOTS).fill(undefined);
  return (low, high) => {
    const slot = (low ^ (low >>> 8) ^ (low >>> 16)) & (TIME_SLOTS - 1);
    const known = times[slot];
    if (known !== undefined && lows[slot] === (low | 0) && highs[slot] === (high | 0)) return known;
    const time = nanoTimeOfHalves(low, high);
    lows[slot] = low;
    highs[slot] = high;
    times[slot] = time;
    return time;
  };
}

/** The time in milliseconds, keeping sub-millisecond precision (the same value nanosToMs gives for its text). */
export function nanoTimeMs(time: NanoTime): number {
  return time.wholeMs + time.restNs / 1e6;
}

/** The difference end - start in milliseconds, never negative. */
export function durationMs(startNanos: string, endNanos: string): number {
  return nanoDurationMs(nanoTimeOf(startNanos), nanoTimeOf(endNanos));
}

/** The difference end - start in milliseconds, never negative (the same value durationMs gives for the texts). */
export function nanoDurationMs(start: NanoTime, end: NanoTime): number {
  const wholeMs = end.wholeMs - start.wholeMs;
  const diff = wholeMs * 1e6 + (end.restNs - start.restNs);
  if (Number.isSafeInteger(diff) && Math.abs(wholeMs) < 2 ** 52 / 1e6) {
    if (diff <= 0) return 0;
    const whole = Math.floor(diff / 1e6);
    return whole + (diff - whole * 1e6) / 1e6;
  }
  const exact = BigInt(end.text) - BigInt(start.text);
  return exact > 0n ? nanosToMs(exact.toString()) : 0;
}
