import type { ValueMatcher } from '../types.ts';

/** A Kafka message recorded by a tap, headers and value decoded to strings. */
export interface TappedMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  /** Header values decoded as UTF-8 (a repeated header becomes an array). */
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly value: string | null;
  /** The value parsed as JSON, when it is JSON. */
  readonly json?: unknown;
  /** The broker/producer timestamp in epoch ms. */
  readonly timestamp: number;
  /** The value's bytes as published (binary encodings such as Avro); only with `tapKafka({ valueBytes: true })`. */
  readonly valueBytes?: Buffer | null;
}

/** A query over tapped messages; every given field must hold. */
export interface MessageQuery {
  readonly topic?: ValueMatcher;
  readonly key?: ValueMatcher;
  readonly headers?: Readonly<Record<string, ValueMatcher>>;
  /** Matchers on the JSON value (dotted paths). */
  readonly json?: Readonly<Record<string, ValueMatcher>>;
}
