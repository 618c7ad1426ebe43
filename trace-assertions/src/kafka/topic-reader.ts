import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { TraceAssertionError } from '../errors.ts';
import { waitUntil } from '../wait/wait-until.ts';
import type { RawKafkaMessage } from './decode-message.ts';

/** An offset of one partition of a topic. */
export interface TopicOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** The high watermark (offset of the next message) of every partition of `topics`; missing topics are left out. */
export async function highWatermarks(admin: Admin, topics: Iterable<string>): Promise<TopicOffset[]> {
  const result: TopicOffset[] = [];
  for (const topic of topics) {
    const offsets = await admin.fetchTopicOffsets(topic).catch(() => []);
    result.push(...offsets.map((o) => ({ topic, partition: o.partition, offset: o.high })));
  }
  return result;
}

function matches(pattern: RegExp, topic: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(topic);
}

/**
 * The topic names to read: every name given, plus each topic on the broker a pattern matches and no exclusion does.
 * Patterns never match Kafka-internal topics (`__…`).
 */
export async function resolveTopics(
  admin: Admin,
  topics: readonly (string | RegExp)[],
  exclude: readonly RegExp[],
): Promise<string[]> {
  const names = topics.filter((t): t is string => typeof t === 'string');
  const patterns = topics.filter((t): t is RegExp => t instanceof RegExp);
  if (patterns.length === 0) return names;
  const matched = (await admin.listTopics()).filter(
    (topic) =>
      !topic.startsWith('__') && patterns.some((p) => matches(p, topic)) && !exclude.some((e) => matches(e, topic)),
  );
  return [...new Set([...names, ...matched])];
}

/** Resolves on the first group join, after `onJoin` ran (before the first fetch, so seeks there apply to it). */
function waitForJoin(consumer: Consumer, timeoutMs: number, onJoin: () => void): Promise<void> {
  let joined: { readonly error?: unknown } | undefined;
  return waitUntil<void>({
    // onJoin runs inside the join event itself: kafkajs fetches only after its listeners return.
    subscribe: (onChange) =>
      consumer.on(consumer.events.GROUP_JOIN, () => {
        if (joined) return;
        try {
          onJoin();
          joined = {};
        } catch (error) {
          joined = { error };
        }
        onChange();
      }),
    check: () => {
      if (joined && 'error' in joined) throw joined.error;
      return joined ? { done: true, value: undefined } : { done: false };
    },
    timeoutMs,
    onTimeout: () =>
      new TraceAssertionError('KAFKA_TIMEOUT', `the Kafka tap did not join its consumer group within ${timeoutMs} ms`),
  });
}

/** What a reader consumes and where it starts. */
export interface ReaderInput {
  readonly kafka: Kafka;
  readonly topics: readonly string[];
  /** Offsets to start at (seeked on join); partitions not named start at the beginning. */
  readonly start: readonly TopicOffset[];
  readonly readyTimeoutMs: number;
  /** False for topics known to exist, so subscribing never creates one. */
  readonly allowAutoTopicCreation: boolean;
  readonly onMessage: (topic: string, partition: number, message: RawKafkaMessage) => void;
}

/** A consumer in its own group on `topics`, joined and positioned when it resolves. */
export async function startReader(input: ReaderInput): Promise<Consumer> {
  const consumer = input.kafka.consumer({
    groupId: `tracegate-tap-${randomUUID()}`,
    // disconnect() waits out the fetch in flight; at kafkajs's default (5 s) every stop of an idle tap took that long.
    maxWaitTimeInMs: 250,
    allowAutoTopicCreation: input.allowAutoTopicCreation,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...input.topics], fromBeginning: true });
    // Seek on join, not after run(): run() also returns when the first join crashed and a restart is pending.
    const joined = waitForJoin(consumer, input.readyTimeoutMs, () => {
      for (const position of input.start) consumer.seek(position);
    });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => input.onMessage(topic, partition, message),
    });
    await joined;
    return consumer;
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    throw error;
  }
}
