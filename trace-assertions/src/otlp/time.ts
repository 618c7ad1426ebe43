/** Reads an OTLP fixed64 nanosecond timestamp (string, number or Long-like) as a decimal string, or undefined. */
export function readNanos(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return '0';
  const text = typeof value === 'number' ? BigInt(Math.trunc(value)).toString() : String(value);
  return /^\d+$/.test(text) ? BigInt(text).toString() : undefined;
}

/** Converts nanoseconds (decimal string) to milliseconds, keeping sub-millisecond precision. */
export function nanosToMs(nanos: string): number {
  const value = BigInt(nanos);
  return Number(value / 1_000_000n) + Number(value % 1_000_000n) / 1e6;
}

/** Converts milliseconds to a nanosecond decimal string. */
export function msToNanos(ms: number): string {
  const whole = Math.floor(ms);
  return (BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6))).toString();
}

/** The difference end - start in milliseconds, never negative. */
export function durationMs(startNanos: string, endNanos: string): number {
  const diff = BigInt(endNanos) - BigInt(startNanos);
  return diff > 0n ? nanosToMs(diff.toString()) : 0;
}
