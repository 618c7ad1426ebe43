import type { Admin, Consumer, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { WireMessage } from './message-validator.ts';

/** A consumed message with where it was read from. */
export interface TappedMessage extends WireMessage {
  readonly partition: number;
  readonly offset: string;
}

/** High watermark per partition of a topic: `partition → offset of the next message`. */
export type Watermarks = Map<number, bigint>;

/** The high watermarks of the given topics (missing topics are left out). */
export async function watermarks(admin: Admin, topics: readonly string[]): Promise<Map<string, Watermarks>> {
  const result = new Map<string, Watermarks>();
  for (const topic of topics) {
    const offsets = await admin.fetchTopicOffsets(topic).catch(() => undefined);
    if (offsets) result.set(topic, new Map(offsets.map((o) => [o.partition, BigInt(o.high)])));
  }
  return result;
}

/** Decodes a kafkajs message: key and headers as UTF-8 strings. */
export function decode(topic: string, partition: number, message: KafkaMessage): TappedMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ? message.key.toString('utf8') : null,
    headers: decodeHeaders(message.headers),
    value: message.value ? message.value.toString('utf8') : null,
    valueBytes: message.value ?? null,
  };
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw.at(-1) : raw;
    if (value !== undefined) out[name] = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  }
  return out;
}

/** Starts a consumer on `topics` from the beginning; messages below `since` (the start watermarks) are dropped. */
export async function follow(input: {
  kafka: Kafka;
  groupId: string;
  topics: readonly string[];
  since: ReadonlyMap<string, Watermarks>;
  onMessage: (message: TappedMessage) => void;
}): Promise<{ consumer: Consumer; position: (topic: string, partition: number) => bigint }> {
  const consumer = input.kafka.consumer({ groupId: input.groupId, allowAutoTopicCreation: false });
  const positions = new Map<string, bigint>();
  await consumer.connect();
  if (input.topics.length > 0) await consumer.subscribe({ topics: [...input.topics], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const offset = BigInt(message.offset);
      positions.set(`${topic}/${partition}`, offset + 1n);
      if (offset < (input.since.get(topic)?.get(partition) ?? 0n)) return;
      input.onMessage(decode(topic, partition, message));
    },
  });
  return { consumer, position: (topic, partition) => positions.get(`${topic}/${partition}`) ?? 0n };
}
