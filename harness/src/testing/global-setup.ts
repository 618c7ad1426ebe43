import type { TestProject } from 'vitest/node';
import { startKafka } from '../provision/kafka/start-kafka.ts';
import type {} from './provided-context.ts';

/** Vitest global setup of the integration project: one Kafka for the whole run, stopped by the returned teardown. */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const kafka = await startKafka();
  project.provide('kafkaBrokers', kafka.bootstrap);
  project.provide('kafkaStrategy', kafka.strategy);
  project.provide('kafkaVersion', kafka.version ?? 'unknown');
  if (process.env.DATABASE_URL) project.provide('databaseUrl', process.env.DATABASE_URL);
  return async () => {
    await kafka.stop();
  };
}
