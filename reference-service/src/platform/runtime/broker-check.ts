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

/** One admin client, shared; concurrent probes share one request. */
export function createBrokerAdmin(kafka: Kafka, options: { partitions: number; names: TopicNames }): BrokerAdmin {
  let admin: Admin | undefined;
  let connecting: Promise<Admin> | undefined;
  let topicsReady: Promise<void> | undefined;
  let probe: Promise<CheckResult> | undefined;

  function connected(): Promise<Admin> {
    connecting ??= (async () => {
      const created = kafka.admin({ retry: { retries: 1, initialRetryTime: 200 } });
      await created.connect();
      admin = created;
      return created;
    })().catch((error: unknown) => {
      connecting = undefined;
      throw error;
    });
    return connecting;
  }

  return {
    prepareTopics() {
      const topics = eventTopics.flatMap((topic) => [topic, deadLetterTopic(topic)]).map(options.names.physical);
      topicsReady ??= connected()
        .then((client) => ensureTopics(client, topics, options.partitions))
        .catch((error: unknown) => {
          topicsReady = undefined;
          throw error;
        });
      return topicsReady;
    },
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
