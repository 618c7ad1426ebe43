import { matchValue } from '../query/matchers.ts';
import type { AttributeValue } from '../types.ts';
import type { MessageQuery, TappedMessage } from './types.ts';

type HeaderValue = Buffer | string | ReadonlyArray<Buffer | string> | undefined;

/** The kafkajs message fields a tap reads. */
export interface RawKafkaMessage {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: Readonly<Record<string, HeaderValue>>;
  readonly offset: string;
  readonly timestamp: string;
}

function decodeHeaders(headers: RawKafkaMessage['headers']): Record<string, string | readonly string[]> {
  const out: Record<string, string | readonly string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.map((v) => v.toString()) : value.toString();
  }
  return out;
}

/** Decodes a kafkajs message (Buffers) into a TappedMessage; `valueBytes` also keeps the value's raw bytes. */
export function decodeMessage(
  topic: string,
  partition: number,
  message: RawKafkaMessage,
  options: { readonly valueBytes?: boolean } = {},
): TappedMessage {
  const value = message.value === null ? null : message.value.toString('utf8');
  let json: unknown;
  try {
    json = value === null ? undefined : JSON.parse(value);
  } catch {
    json = undefined;
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key === null ? null : message.key.toString('utf8'),
    headers: decodeHeaders(message.headers),
    value,
    ...(json !== undefined ? { json } : {}),
    timestamp: Number(message.timestamp),
    ...(options.valueBytes ? { valueBytes: message.value } : {}),
  };
}

function path(value: unknown, dotted: string): AttributeValue | undefined {
  return dotted
    .split('.')
    .reduce<unknown>(
      (v, key) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined),
      value,
    ) as AttributeValue | undefined;
}

/** The first value of a header, or undefined. */
export function headerValue(message: TappedMessage, name: string): string | undefined {
  const value = message.headers[name] ?? message.headers[name.toLowerCase()];
  return typeof value === 'string' ? value : value?.[0];
}

/** True when the message satisfies the query. */
export function matchMessage(message: TappedMessage, query: MessageQuery): boolean {
  if (query.topic !== undefined && !matchValue(query.topic, message.topic)) return false;
  if (query.key !== undefined && !matchValue(query.key, message.key ?? undefined)) return false;
  for (const [name, matcher] of Object.entries(query.headers ?? {})) {
    if (!matchValue(matcher, headerValue(message, name))) return false;
  }
  return Object.entries(query.json ?? {}).every(([dotted, matcher]) => matchValue(matcher, path(message.json, dotted)));
}
