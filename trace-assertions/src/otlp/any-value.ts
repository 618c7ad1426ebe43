import type { Attributes, AttributeValue } from '../types.ts';
import { asArray, asRecord, field } from '../util/json.ts';
import { isLongBits } from './time.ts';

/** Converts an int64 (string, number or Long-like) to a number, or to a decimal string when it is unsafe. */
export function int64ToJs(value: unknown): number | string {
  if (isLongBits(value) && value.unsigned !== true) {
    // An int32 is its low half, kept a small integer (arithmetic would store a boxed double in every attribute).
    if ((value.high === 0 && value.low >= 0) || (value.high === -1 && value.low < 0)) return value.low;
    // high * 2^32 + unsigned low is the signed value; exact while it is a safe integer.
    const number = value.high * 4_294_967_296 + (value.low >>> 0);
    if (Number.isSafeInteger(number)) return number;
  }
  const text = typeof value === 'object' && value !== null ? String(value) : String(value ?? '0');
  const parsed = Number(text);
  return Number.isSafeInteger(parsed) ? parsed : text;
}

/** Returns one shared instance per distinct short string (spans of a request repeat names and values). */
export type Intern = (text: string) => string;

const keep: Intern = (text) => text;

/** Converts an OTLP AnyValue (protobuf-decoded or OTLP/JSON) to a plain JS value. */
export function anyValueToJs(value: unknown, intern: Intern = keep): AttributeValue {
  const record = asRecord(value);
  if (record === undefined) return null;
  const str = field(record, 'stringValue');
  if (typeof str === 'string') return intern(str);
  const bool = field(record, 'boolValue');
  if (typeof bool === 'boolean') return bool;
  const int = field(record, 'intValue');
  if (int !== undefined && int !== null) return int64ToJs(int);
  const double = field(record, 'doubleValue');
  if (typeof double === 'number') return double;
  if (typeof double === 'string') return Number(double);
  const array = asRecord(field(record, 'arrayValue'));
  if (array !== undefined) return (asArray(array.values) ?? []).map((item) => anyValueToJs(item, intern));
  const kvlist = asRecord(field(record, 'kvlistValue'));
  if (kvlist !== undefined) return keyValuesToAttributes(kvlist.values, intern);
  const bytes = field(record, 'bytesValue');
  if (bytes instanceof Uint8Array) return Buffer.from(bytes).toString('base64');
  if (typeof bytes === 'string') return bytes;
  return null;
}

/** Converts a repeated KeyValue to an attributes object (later keys win). */
export function keyValuesToAttributes(keyValues: unknown, intern: Intern = keep): Attributes {
  const result: Attributes = {};
  for (const item of asArray(keyValues) ?? []) {
    const kv = asRecord(item);
    if (kv === undefined || typeof kv.key !== 'string') continue;
    result[kv.key] = anyValueToJs(kv.value, intern);
  }
  return result;
}
