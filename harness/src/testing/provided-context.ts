import type { KafkaStrategy } from '../provision/types.ts';

/** Values the integration global setup provides to every test file through vitest's `inject`. */
export interface TracegateProvidedContext {
  /** Bootstrap servers of the run's Kafka (`host:port[,host:port]`). */
  kafkaBrokers: string;
  kafkaStrategy: KafkaStrategy;
  /** Broker version, `unknown` for an external cluster. */
  kafkaVersion: string;
  /** `DATABASE_URL` of the run, when one is set. */
  databaseUrl?: string;
}

declare module 'vitest' {
  export interface ProvidedContext extends TracegateProvidedContext {}
}
