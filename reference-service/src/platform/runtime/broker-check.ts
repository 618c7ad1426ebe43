import { deadLetterTopic, eventTopics } from '@tracegate/contracts';
import type { Admin, Kafka } from 'kafkajs';
import type { CheckResult } from '../health/readiness.ts';
import type { TopicNames } from '../kafka/topic-names.ts';
import { ensureTopics } from '../kafka/topics.ts';

/** The admin side of the service: topic creation and the broker readiness probe. */
export interface BrokerAdmin {
  /** Creates the saga's topics and their dead-letter topics once; retried on the next call after a failure. */
  prepareTopics(): Promise<void>;
  check(): Promise<CheckResult>;
  close(): Promise<void>;
}

/** Shares one run of `attempt` between callers and keeps its result; after a failure, the next call runs it again. */
function retriedOnFailure<T>(attempt: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= attempt().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

/** One admin client, shared; concurrent probes share one request. */
export function createBrokerAdmin(kafka: Kafka, options: { partitions: number; names: TopicNames }): BrokerAdmin {
  let admin: Admin | undefined;
  let probe: Promise<CheckResult> | undefined;

  const connected = retriedOnFailure(async () => {
    const created = kafka.admin({ retry: { retries: 1, initialRetryTime: 200 } });
    await created.connect();
    admin = created;
    return created;
  });
  const topicsReady = retriedOnFailure(async () => {
    const topics = eventTopics.flatMap((topic) => [topic, deadLetterTopic(topic)]).map(options.names.physical);
    await ensureTopics(await connected(), topics, options.partitions);
  });

  return {
    prepareTopics: topicsReady,
    check() {
      probe ??= connected()
        .then(async (client) => {
          const cluster = await client.describeCluster();
          return { status: 'ok' as const, brokers: cluster.brokers.length };
        })
        .finally(() => {
          probe = undefined;
        });
      return probe;
    },
    async close() {
      await admin?.disconnect().catch(() => undefined);
    },
  };
}
