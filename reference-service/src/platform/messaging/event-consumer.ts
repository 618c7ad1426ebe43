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

/** Uses `eachMessage`, so each consumer span is a child of the producer span (one trace per flow). */
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
  const build = () => buildConsumer(options, membership);

  async function attempt(): Promise<void> {
    await options.prepare();
    const created = build();
    consumer = created;
    await created.connect();
    await created.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning });
    await created.run({
      eachMessage: async ({ topic, partition, message }) => {
        await options.processor.process({ topic, partition, message });
      },
    });
  }

  async function loop(): Promise<void> {
    for (let failures = 1; !stopping.signal.aborted; failures += 1) {
      try {
        await attempt();
        return;
      } catch (error) {
        await consumer?.disconnect().catch(() => undefined);
        const delay = backoffDelay(failures, options.retry);
        logger.warn({ err: error, groupId: options.groupId, retryInMs: delay }, 'consumer start failed, retrying');
        await sleep(delay, stopping.signal).catch(() => undefined);
      }
    }
  }

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
