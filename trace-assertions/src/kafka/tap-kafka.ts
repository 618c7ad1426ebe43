import type { Consumer, Kafka } from 'kafkajs';
import { isTraceAssertionError, TraceAssertionError } from '../errors.ts';
import { Emitter } from '../store/emitter.ts';
import { waitForItem } from '../wait/wait-for-item.ts';
import { type WaitOptions, waitUntil } from '../wait/wait-until.ts';
import { decodeMessage, matchMessage, type RawKafkaMessage } from './decode-message.ts';
import { highWatermarks, resolveTopics, startReader, type TopicOffset } from './topic-reader.ts';
import type { MessageQuery, TappedMessage } from './types.ts';

/** Options of tapKafka. */
export interface TapKafkaOptions {
  /** Bootstrap servers: an array or a comma-separated string. */
  readonly brokers: string | readonly string[];
  /**
   * Topic names, or patterns matched against the broker's topics when the tap starts and again on each `drain()`
   * (a matching topic created later is read from its beginning then). Patterns never match Kafka-internal `__…` topics.
   */
  readonly topics: readonly (string | RegExp)[];
  /** Topics a pattern of `topics` matches but the tap leaves out. */
  readonly excludeTopics?: readonly RegExp[];
  /** Also record what the topics already hold (default false: only messages produced after the tap is ready). */
  readonly fromBeginning?: boolean;
  /** Keep each value's raw bytes as `valueBytes` (binary encodings such as Avro; default false). */
  readonly valueBytes?: boolean;
  readonly clientId?: string;
  /** How long to wait for the consumer group join (default 30 000 ms). */
  readonly readyTimeoutMs?: number;
}

/** Options of `KafkaTap.drain`. */
export interface DrainOptions {
  /** How long to wait for the tap to reach the end offsets (default 15 000 ms). */
  readonly timeoutMs?: number;
}

/** Whether a drain reached every end offset, and the partitions (`topic[partition]`) it did not. */
export interface DrainResult {
  readonly complete: boolean;
  readonly behind: readonly string[];
}

/** A running recorder of Kafka messages. */
export interface KafkaTap {
  messages(): TappedMessage[];
  find(query: MessageQuery | ((message: TappedMessage) => boolean)): TappedMessage[];
  onMessage(listener: (message: TappedMessage) => void): () => void;
  /** Resolves with the first recorded or arriving message matching; throws KAFKA_TIMEOUT. */
  waitFor(query: MessageQuery | ((message: TappedMessage) => boolean), options?: WaitOptions): Promise<TappedMessage>;
  /** Reads every topic up to its end offset as of this call (topics a pattern now matches included). */
  drain(options?: DrainOptions): Promise<DrainResult>;
  /** Disconnects; with `drain: true` it first drains (`timeoutMs` bounds that). */
  stop(options?: DrainOptions & { readonly drain?: boolean }): Promise<void>;
}

async function loadKafkajs(): Promise<typeof import('kafkajs')> {
  try {
    const mod = await import('kafkajs');
    return ((mod as { default?: typeof import('kafkajs') }).default ?? mod) as typeof import('kafkajs');
  } catch (error) {
    throw new TraceAssertionError(
      'INVALID_ARGUMENT',
      'tapKafka needs the peer dependency kafkajs: npm install kafkajs',
      { cause: error },
    );
  }
}

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** The consumers of one tap and what they recorded: each offset once, the next offset per partition. */
class TapReaders {
  readonly recorded: TappedMessage[] = [];
  readonly arrivals = new Emitter<TappedMessage>();
  readonly subscribed = new Set<string>();
  /** Where the tap started on each partition (absent: the beginning). */
  readonly start = new Map<string, bigint>();
  readonly #next = new Map<string, bigint>();
  readonly #consumers: Consumer[] = [];
  readonly #kafka: Kafka;
  readonly #options: TapKafkaOptions;

  constructor(kafka: Kafka, options: TapKafkaOptions) {
    this.#kafka = kafka;
    this.#options = options;
  }

  /** Starts a consumer on topics not read yet, at `start` (or their beginning). */
  async add(topics: readonly string[], start: readonly TopicOffset[], known: boolean): Promise<void> {
    const fresh = topics.filter((t) => !this.subscribed.has(t));
    if (fresh.length === 0) return;
    for (const s of start) this.start.set(key(s.topic, s.partition), BigInt(s.offset));
    const consumer = await startReader({
      kafka: this.#kafka,
      topics: fresh,
      start,
      readyTimeoutMs: this.#options.readyTimeoutMs ?? 30_000,
      allowAutoTopicCreation: !known,
      onMessage: (topic, partition, message) => this.#record(topic, partition, message),
    });
    this.#consumers.push(consumer);
    for (const topic of fresh) this.subscribed.add(topic);
  }

  /** The partitions whose end offset lies beyond both the tap's start and what it read. */
  behind(ends: readonly TopicOffset[]): string[] {
    return ends
      .filter(({ topic, partition, offset }) => {
        const at = key(topic, partition);
        const end = BigInt(offset);
        return end > (this.start.get(at) ?? 0n) && (this.#next.get(at) ?? 0n) < end;
      })
      .map(({ topic, partition }) => `${topic}[${partition}]`);
  }

  async stop(): Promise<void> {
    await Promise.all(this.#consumers.splice(0).map((c) => c.disconnect()));
  }

  #record(topic: string, partition: number, message: RawKafkaMessage): void {
    const at = key(topic, partition);
    const offset = BigInt(message.offset);
    // A rebalance re-delivers what was not yet committed: record each offset once.
    if (offset < (this.#next.get(at) ?? 0n)) return;
    this.#next.set(at, offset + 1n);
    const decoded = decodeMessage(topic, partition, message, { valueBytes: this.#options.valueBytes === true });
    this.recorded.push(decoded);
    this.arrivals.emit(decoded);
  }
}
/** Waits until the tap has read up to `ends` on every partition; never throws on timeout. */
async function catchUp(readers: TapReaders, ends: readonly TopicOffset[], timeoutMs: number): Promise<DrainResult> {
  try {
    await waitUntil<true>({
      subscribe: (onChange) => readers.arrivals.on(onChange),
      check: () => (readers.behind(ends).length === 0 ? { done: true, value: true } : { done: false }),
      timeoutMs,
      onTimeout: () => new TraceAssertionError('KAFKA_TIMEOUT', 'the Kafka tap did not reach the end offsets'),
    });
  } catch (error) {
    if (!isTraceAssertionError(error, 'KAFKA_TIMEOUT')) throw error;
  }
  const behind = readers.behind(ends);
  return { complete: behind.length === 0, behind };
}

/** Reads topics a pattern matches since the last look, then every topic up to its end offset as of now. */
async function drainTap(kafka: Kafka, readers: TapReaders, options: TapKafkaOptions, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  const admin = kafka.admin();
  await admin.connect();
  let ends: TopicOffset[];
  try {
    const topics = await resolveTopics(admin, options.topics, options.excludeTopics ?? []);
    // A topic that appeared after the tap started is read from its beginning: all of it is new traffic.
    await readers.add(topics, [], true);
    ends = await highWatermarks(admin, readers.subscribed);
  } finally {
    await admin.disconnect();
  }
  return catchUp(readers, ends, Math.max(0, deadline - Date.now()));
}

/**
 * Records every message on `topics` (own consumer group) until stop(); ready when it resolves.
 * @example const tap = await tapKafka({ brokers, topics: ['orders.created'] }); await tap.waitFor({ key: orderId });
 */
export async function tapKafka(options: TapKafkaOptions): Promise<KafkaTap> {
  const { Kafka, logLevel } = await loadKafkajs();
  const brokers =
    typeof options.brokers === 'string' ? options.brokers.split(',').map((b) => b.trim()) : [...options.brokers];
  const kafka = new Kafka({ clientId: options.clientId ?? 'tracegate-tap', brokers, logLevel: logLevel.NOTHING });
  const readers = new TapReaders(kafka, options);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = await resolveTopics(admin, options.topics, options.excludeTopics ?? []);
    // End offsets now, so the tap records exactly what is produced after it started (no group-join race).
    const start = options.fromBeginning ? [] : await highWatermarks(admin, topics);
    await readers.add(topics, start, topics.length > 0 && options.topics.every((t) => t instanceof RegExp));
  } finally {
    await admin.disconnect();
  }
  return tapOf(kafka, readers, options);
}

function tapOf(kafka: Kafka, readers: TapReaders, options: TapKafkaOptions): KafkaTap {
  const { recorded, arrivals } = readers;
  const test = (query: MessageQuery | ((m: TappedMessage) => boolean)) =>
    typeof query === 'function' ? query : (m: TappedMessage) => matchMessage(m, query);
  return {
    messages: () => [...recorded],
    find: (query) => recorded.filter(test(query)),
    onMessage: (listener) => arrivals.on(listener),
    waitFor(query, waitOptions = {}) {
      const timeoutMs = waitOptions.timeoutMs ?? 10_000;
      return waitForItem({
        items: recorded,
        onArrival: (onChange) => arrivals.on(onChange),
        matches: test(query),
        timeoutMs,
        signal: waitOptions.signal,
        onTimeout: () => {
          const seen = recorded.map((m) => `${m.topic}[${m.partition}]@${m.offset} key=${m.key}`).slice(-10);
          const message = `no Kafka message matched within ${timeoutMs} ms on ${[...readers.subscribed].join(', ')}; recorded ${recorded.length}:\n  ${seen.join('\n  ') || '(none)'}`;
          return new TraceAssertionError('KAFKA_TIMEOUT', message, { details: { query } });
        },
      });
    },
    drain: (drainOptions = {}) => drainTap(kafka, readers, options, drainOptions.timeoutMs ?? 15_000),
    async stop(stopOptions = {}) {
      try {
        if (stopOptions.drain) await drainTap(kafka, readers, options, stopOptions.timeoutMs ?? 15_000);
      } finally {
        await readers.stop();
      }
    },
  };
}
