import { headerValue } from '../kafka/decode-message.ts';
import type { TappedMessage } from '../kafka/types.ts';
import type { RecordedExchange } from './types.ts';

function dig(value: unknown, keys: readonly string[]): unknown {
  return keys.reduce<unknown>(
    (v, key) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined),
    value,
  );
}

function parse(text: string | undefined | null): unknown {
  if (text === undefined || text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Reads `key`, `partition`, `headers.<name>` or `value.<dotted>` of a message. */
export function messageField(message: TappedMessage, path: string): unknown {
  const [head, ...rest] = path.split('.');
  if (head === 'key' && rest.length === 0) return message.key ?? undefined;
  if (head === 'partition') return message.partition;
  if (head === 'headers') return headerValue(message, rest.join('.'));
  if (head === 'value') return rest.length === 0 ? message.value : dig(message.json, rest);
  return undefined;
}

/** Reads `response.body.<dotted>`, `response.headers.<name>`, `response.status`, `request.body.<dotted>` or `request.path`. */
export function exchangeField(exchange: RecordedExchange, path: string): unknown {
  const [side, part, ...rest] = path.split('.');
  const isResponse = side === 'response';
  if (!isResponse && side !== 'request') return undefined;
  if (part === 'status' && isResponse) return exchange.status;
  if (part === 'path' && !isResponse) return exchange.path;
  if (part === 'headers') {
    const headers = isResponse ? exchange.responseHeaders : exchange.requestHeaders;
    return headers[rest.join('.').toLowerCase()];
  }
  if (part === 'body') return dig(parse(isResponse ? exchange.responseBody : exchange.requestBody), rest);
  return undefined;
}

/** A value for messages: JSON for objects, the text otherwise. */
export function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  return typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
}

/** Equality for scalar fields (a number and its string form are equal: Kafka keys are strings). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return false;
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return String(a) === String(b);
}
