import type { Router } from 'express';
import type { Kafka } from 'kafkajs';
import type { ServiceConfig } from '../config/config.ts';
import { describeDatabase } from '../config/database-url.ts';
import type { Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/open-database.ts';
import { ServiceError } from '../errors.ts';
import type { ReadinessCheck } from '../health/readiness.ts';
import type { EventProducer } from '../kafka/producer.ts';
import type { TopicNames } from '../kafka/topic-names.ts';
import type { Logger } from '../logging/logger.ts';
import type { EventConsumer } from '../messaging/event-consumer.ts';
import { createEventConsumer } from '../messaging/event-consumer.ts';
import { createEventValidator } from '../messaging/event-validator.ts';
import type { Subscription } from '../messaging/inbound-event.ts';
import { createMessageProcessor } from '../messaging/message-processor.ts';
import type { ServiceMetrics } from '../metrics/metrics.ts';
import { createOutboxWriter } from '../outbox/outbox.ts';
import type { OutboxRelay } from '../outbox/relay.ts';
import { createOutboxRelay } from '../outbox/relay.ts';
import type { ContextDependencies, ContextModule } from './context-module.ts';

/** Shared plumbing a context is started with. */
export interface ContextEnvironment {
  readonly config: ServiceConfig;
  readonly kafka: Kafka;
  readonly producer: EventProducer;
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  readonly prepareTopics: () => Promise<void>;
  readonly topics: TopicNames;
}

/** A started bounded context. */
export interface RunningContext {
  readonly name: string;
  readonly router: Router | undefined;
  readonly relay: OutboxRelay;
  readonly checks: readonly ReadinessCheck[];
  /** Leaves the consumer group after the message in hand is done. */
  stopConsuming(): Promise<void>;
  /** Drains the outbox until `deadline`, then closes the database. */
  stop(deadline: number): Promise<void>;
}

interface ConsumerParts {
  readonly module: ContextModule;
  readonly env: ContextEnvironment;
  readonly db: Database;
  readonly relay: OutboxRelay;
  readonly subscriptions: readonly Subscription[];
  readonly signal: AbortSignal;
}

function consumerFor({ module, env, db, relay, subscriptions, signal }: ConsumerParts): EventConsumer | undefined {
  if (subscriptions.length === 0) return undefined;
  const groupId = `${env.config.kafka.groupIdPrefix}${module.serviceName}`;
  const addresses = subscriptions.map((subscription) => subscription.topic);
  const processor = createMessageProcessor({
    consumerGroup: groupId,
    db,
    subscriptions,
    validator: createEventValidator(addresses),
    producer: env.producer,
    topics: env.topics,
    retry: env.config.retry,
    logger: env.logger,
    metrics: env.metrics,
    afterCommit: () => relay.kick(),
    signal,
  });
  return createEventConsumer({
    kafka: env.kafka,
    groupId,
    topics: addresses.map((address) => env.topics.physical(address)),
    fromBeginning: env.config.kafka.fromBeginning,
    processor,
    logger: env.logger,
    prepare: env.prepareTopics,
    retry: env.config.retry,
  });
}

function checksFor(
  name: string,
  db: Database,
  relay: OutboxRelay,
  consumer: EventConsumer | undefined,
): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [
    {
      name: `${name}.database`,
      required: true,
      run: async () => {
        await db.query('SELECT 1');
        return { status: 'ok', kind: db.kind };
      },
    },
    {
      name: `${name}.outbox`,
      required: false,
      run: async () => ({
        status: 'ok',
        backlog: await relay.backlog(),
        lastError: relay.lastError()?.message ?? null,
      }),
    },
  ];
  if (consumer) {
    checks.push({
      name: `${name}.consumer`,
      required: true,
      run: async () => ({ status: consumer.joined() ? 'ok' : 'unavailable', joined: consumer.joined() }),
    });
  }
  return checks;
}

/** Opens and migrates the context's database. */
async function openContextDatabase(module: ContextModule, env: ContextEnvironment, logger: Logger): Promise<Database> {
  const location = env.config.databases[module.name];
  if (!location) throw new ServiceError('CONFIG_INVALID', `no database configured for context ${module.name}`);
  const db = await openDatabase(location);
  const applied = await migrate(db, module.migrations);
  logger.info({ database: describeDatabase(location), migrationsApplied: applied }, 'database ready');
  return db;
}

/** The relay of the context's outbox (not started yet). */
function relayFor(module: ContextModule, env: ContextEnvironment, db: Database): OutboxRelay {
  const { outbox, retry } = env.config;
  return createOutboxRelay({
    name: module.name,
    db,
    producer: env.producer,
    topics: env.topics,
    logger: env.logger,
    metrics: env.metrics,
    retry,
    pollIntervalMs: outbox.pollIntervalMs,
    batchSize: outbox.batchSize,
  });
}

/** What the context's module is built with: each transaction kicks the relay once it has committed. */
function dependenciesFor(
  module: ContextModule,
  env: ContextEnvironment,
  { db, relay }: { db: Database; relay: OutboxRelay },
): ContextDependencies {
  return {
    db,
    outbox: createOutboxWriter({ source: `/${module.serviceName}`, deployment: env.config.kafka.groupIdPrefix }),
    async transact(fn) {
      const result = await db.transaction(fn);
      relay.kick();
      return result;
    },
    logger: env.logger,
    metrics: env.metrics,
    config: env.config,
  };
}

/** Opens and migrates the context's database, then starts its outbox relay and consumer. */
export async function startContext(module: ContextModule, shared: ContextEnvironment): Promise<RunningContext> {
  const env = { ...shared, logger: shared.logger.child({ context: module.name }) };
  const db = await openContextDatabase(module, env, env.logger);
  const relay = relayFor(module, env, db);
  const parts = module.build(dependenciesFor(module, env, { db, relay }));
  const stopping = new AbortController();
  const subscriptions = parts.subscriptions;
  const consumer = consumerFor({ module, env, db, relay, subscriptions, signal: stopping.signal });
  relay.start();
  consumer?.start();
  return {
    name: module.name,
    router: parts.router,
    relay,
    checks: checksFor(module.name, db, relay, consumer),
    async stopConsuming() {
      stopping.abort(new Error('shutting down'));
      await consumer?.stop();
    },
    async stop(deadline) {
      await relay.stop(deadline);
      await db.close();
    },
  };
}
