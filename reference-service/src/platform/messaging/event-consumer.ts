import type { Consumer, Kafka } from 'kafkajs';
import type { Logger } from '../logging/logger.ts';
import { backoffDelay, sleep } from '../retry/backoff.ts';
import type { MessageProcessor } from './message-processor.ts';

/** Options of {@link createEventConsumer}. */
export interface EventConsumerOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly fromBeginning: boolean;
  readonly processor: MessageProcessor;
  readonly logger: Logger;
  /** Runs before subscribing (creates missing topics). */
  readonly prepare: () => Promise<void>;
  readonly retry: { readonly baseDelayMs: number; readonly maxDelayMs: number };
}

/** A consumer group member that keeps (re)joining until stopped. */
export interface EventConsumer {
  start(): void;
  stop(): Promise<void>;
  joined(): boolean;
}

/**
 * How fast a group notices a member that died without leaving (kill -9, OOM, a lost host). A clean shutdown leaves
 * the group (disconnect sends LeaveGroup), so only a crash waits for this. kafkajs has no static membership
 * (group.instance.id), so the lever is the session timeout: 6 s is the broker's default floor
 * (group.min.session.timeout.ms) instead of kafkajs's 30 s, with a heartbeat every second (a third of it or less,
 * as Kafka advises) so a live member that misses two heartbeats under load is not evicted. A restarted member then
 * waits at most ~6 s after the crash, not ~30 s.
 */
export const consumerLiveness = { sessionTimeout: 6_000, heartbeatInterval: 1_000 } as const;

/** A kafkajs consumer of the group, reporting membership changes and crashes. */
function buildConsumer(
  options: EventConsumerOptions,
  on: { joined(value: boolean): void; crashed(error: unknown, restart: boolean): void },
): Consumer {
  const created = options.kafka.consumer({
    groupId: options.groupId,
    maxWaitTimeInMs: 500,
    allowAutoTopicCreation: false,
    ...consumerLiveness,
  });
  created.on(created.events.GROUP_JOIN, () => on.joined(true));
  created.on(created.events.STOP, () => on.joined(false));
  created.on(created.events.DISCONNECT, () => on.joined(false));
  created.on(created.events.CRASH, (event) => on.crashed(event.payload.error, event.payload.restart));
  return created;
}

/** Connects, subscribes and runs the consumer; `eachMessage` makes each consumer span a child of the producer span. */
async function consume(consumer: Consumer, options: EventConsumerOptions): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      await options.processor.process({ topic, partition, message });
    },
  });
}

/** Runs `attempt` until it succeeds or `signal` aborts, backing off (and saying so through `onFailure`) after each failure. */
async function retryUntilStopped(
  attempt: () => Promise<void>,
  options: {
    retry: EventConsumerOptions['retry'];
    signal: AbortSignal;
    onFailure(error: unknown, retryInMs: number): Promise<void>;
  },
): Promise<void> {
  for (let failures = 1; !options.signal.aborted; failures += 1) {
    try {
      await attempt();
      return;
    } catch (error) {
      const delay = backoffDelay(failures, options.retry);
      await options.onFailure(error, delay);
      await sleep(delay, options.signal).catch(() => undefined);
    }
  }
}

/** One consumer group member (one trace per flow: see `consume`), rejoining after a crash until stopped. */
export function createEventConsumer(options: EventConsumerOptions): EventConsumer {
  const { logger } = options;
  const stopping = new AbortController();
  let consumer: Consumer | undefined;
  let isJoined = false;
  let starting: Promise<void> | undefined;

  const membership = {
    joined: (value: boolean) => {
      isJoined = value;
      if (value) logger.info({ groupId: options.groupId, topics: options.topics }, 'consumer joined');
    },
    crashed: (error: unknown, restart: boolean) => {
      isJoined = false;
      logger.error({ err: error, groupId: options.groupId, restart }, 'consumer crashed');
      if (!restart && !stopping.signal.aborted) starting = loop();
    },
  };

  const loop = (): Promise<void> =>
    retryUntilStopped(
      async () => {
        await options.prepare();
        consumer = buildConsumer(options, membership);
        await consume(consumer, options);
      },
      {
        retry: options.retry,
        signal: stopping.signal,
        onFailure: async (error, retryInMs) => {
          await consumer?.disconnect().catch(() => undefined);
          logger.warn({ err: error, groupId: options.groupId, retryInMs }, 'consumer start failed, retrying');
        },
      },
    );

  return {
    start() {
      starting ??= loop();
    },
    async stop() {
      stopping.abort(new Error('consumer stopping'));
      await starting;
      await consumer?.disconnect().catch(() => undefined);
      isJoined = false;
    },
    joined: () => isJoined,
  };
}
