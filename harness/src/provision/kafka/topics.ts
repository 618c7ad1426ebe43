import kafkajs from 'kafkajs';
import type { TopicSpec } from '../types.ts';

const { Kafka, logLevel } = kafkajs;

/** Defaults for topics given by name only. */
export interface TopicDefaults {
  partitions?: number;
  replicationFactor?: number;
}

/** Creates `topics` (existing ones are left as they are) and waits for their partition leaders. */
export async function createTopics(
  brokers: readonly string[] | string,
  topics: readonly TopicSpec[],
  defaults: TopicDefaults = {},
): Promise<void> {
  const list = typeof brokers === 'string' ? brokers.split(',').map((broker) => broker.trim()) : [...brokers];
  const named = {
    ...(defaults.partitions === undefined ? {} : { numPartitions: defaults.partitions }),
    ...(defaults.replicationFactor === undefined ? {} : { replicationFactor: defaults.replicationFactor }),
  };
  const admin = new Kafka({ clientId: 'tracegate-topics', brokers: list, logLevel: logLevel.ERROR }).admin();
  await admin.connect();
  try {
    // Only the missing ones: asking for an existing topic makes kafkajs log an error for every run.
    const existing = new Set(await admin.listTopics());
    const specs = topics.map((spec) => (typeof spec === 'string' ? { topic: spec, ...named } : spec));
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    if (missing.length > 0) await admin.createTopics({ waitForLeaders: true, topics: missing });
  } finally {
    await admin.disconnect();
  }
}

/** Each topic's partition count, as the broker reports it (topics it does not know are left out). */
export async function topicPartitionCounts(
  brokers: string,
  topics: readonly string[],
): Promise<Record<string, number>> {
  if (topics.length === 0) return {};
  const list = brokers.split(',').map((broker) => broker.trim());
  const admin = new Kafka({ clientId: 'tracegate-topics', brokers: list, logLevel: logLevel.ERROR }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const known = topics.filter((topic) => existing.has(topic));
    if (known.length === 0) return {};
    const metadata = await admin.fetchTopicMetadata({ topics: known });
    return Object.fromEntries(metadata.topics.map((t) => [t.name, t.partitions.length]));
  } finally {
    await admin.disconnect();
  }
}
