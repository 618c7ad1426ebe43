import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import { TraceAssertionError } from '../errors.ts';
import { Emitter } from '../store/emitter.ts';
import { type WaitOptions, waitUntil } from '../wait/wait-until.ts';
import { decodeMessage, matchMessage } from './decode-message.ts';
import type { MessageQuery, TappedMessage } from './types.ts';

/** Options of tapKafka. */
export interface TapKafkaOptions {
  /** Bootstrap servers: an array or a comma-separated string. */
  readonly brokers: string | readonly string[];
  readonly topics: readonly string[];
  /** Also record what the topics already hold (default false: only messages produced after the tap is ready). */
  readonly fromBeginning?: boolean;
  readonly clientId?: string;
  /** How long to wait for the consumer group join (default 30 000 ms). */
  readonly readyTimeoutMs?: number;
}

/** A running recorder of Kafka messages. */
export interface KafkaTap {
  messages(): TappedMessage[];
  find(query: MessageQuery | ((message: TappedMessage) => boolean)): TappedMessage[];
  onMessage(listener: (message: TappedMessage) => void): () => void;
  /** Resolves with the first recorded or arriving message matching; throws KAFKA_TIMEOUT. */
  waitFor(query: MessageQuery | ((message: TappedMessage) => boolean), options?: WaitOptions): Promise<TappedMessage>;
  stop(): Promise<void>;
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

/** End offsets now, so the tap records exactly what is produced after it started (no group-join race). */
async function endOffsets(
  kafka: Kafka,
  topics: readonly string[],
): Promise<Array<{ topic: string; partition: number; offset: string }>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const result = [];
    for (const topic of topics) {
      const offsets = await admin.fetchTopicOffsets(topic).catch(() => []);
      result.push(...offsets.map((o) => ({ topic, partition: o.partition, offset: o.high })));
    }
    return result;
  } finally {
    await admin.disconnect();
  }
}

/** Resolves on the first group join, after `onJoin` ran (before the first fetch, so seeks there apply to it). */
function waitForJoin(consumer: Consumer, timeoutMs: number, onJoin: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new TraceAssertionError(
            'KAFKA_TIMEOUT',
            `the Kafka tap did not join its consumer group within ${timeoutMs} ms`,
          ),
        ),
      timeoutMs,
    );
    const off = consumer.on(consumer.events.GROUP_JOIN, () => {
      clearTimeout(timer);
      off();
      try {
        onJoin();
        resolve();
      } catch (error) {
        reject(error);
      }
    });
  });
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
  const start = options.fromBeginning ? [] : await endOffsets(kafka, options.topics);
  const consumer = kafka.consumer({ groupId: `tracegate-tap-${randomUUID()}` });
  const recorded: TappedMessage[] = [];
  const positions = new Set<string>();
  const arrivals = new Emitter<TappedMessage>();
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...options.topics], fromBeginning: true });
    // Seek on join, not after run(): run() also returns when the first join crashed and a restart is pending.
    const joined = waitForJoin(consumer, options.readyTimeoutMs ?? 30_000, () => {
      for (const position of start) consumer.seek(position);
    });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        // A rebalance re-delivers what was not yet committed: record each offset once.
        const position = `${topic}\u0000${partition}\u0000${message.offset}`;
        if (positions.has(position)) return;
        positions.add(position);
        const decoded = decodeMessage(topic, partition, message);
        recorded.push(decoded);
        arrivals.emit(decoded);
      },
    });
    await joined;
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    throw error;
  }
  const test = (query: MessageQuery | ((m: TappedMessage) => boolean)) =>
    typeof query === 'function' ? query : (m: TappedMessage) => matchMessage(m, query);
  return {
    messages: () => [...recorded],
    find: (query) => recorded.filter(test(query)),
    onMessage: (listener) => arrivals.on(listener),
    waitFor(query, waitOptions = {}) {
      const matches = test(query);
      let seen = 0;
      const timeoutMs = waitOptions.timeoutMs ?? 10_000;
      return waitUntil<TappedMessage>({
        subscribe: (onChange) => arrivals.on(onChange),
        check: () => {
          // Each check reads only what arrived since the last one.
          for (; seen < recorded.length; seen++) {
            const item = recorded[seen] as TappedMessage;
            if (matches(item)) return { done: true, value: item };
          }
          return { done: false };
        },
        timeoutMs,
        ...(waitOptions.signal ? { signal: waitOptions.signal } : {}),
        onTimeout: () => {
          const seen = recorded.map((m) => `${m.topic}[${m.partition}]@${m.offset} key=${m.key}`).slice(-10);
          const message = `no Kafka message matched within ${timeoutMs} ms on ${options.topics.join(', ')}; recorded ${recorded.length}:\n  ${seen.join('\n  ') || '(none)'}`;
          return new TraceAssertionError('KAFKA_TIMEOUT', message, { details: { query } });
        },
      });
    },
    stop: () => consumer.disconnect(),
  };
}
