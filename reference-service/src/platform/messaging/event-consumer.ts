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

/** Uses `eachMessage`, so each consumer span is a child of the producer span (one trace per flow). */
export function createEventConsumer(options: EventConsumerOptions): EventConsumer {
  const { logger } = options;
  const stopping = new AbortController();
  let consumer: Consumer | undefined;
  let isJoined = false;
  let starting: Promise<void> | undefined;

  function build(): Consumer {
    const created = options.kafka.consumer({
      groupId: options.groupId,
      maxWaitTimeInMs: 500,
      allowAutoTopicCreation: false,
    });
    created.on(created.events.GROUP_JOIN, () => {
      isJoined = true;
      logger.info({ groupId: options.groupId, topics: options.topics }, 'consumer joined');
    });
    created.on(created.events.STOP, () => {
      isJoined = false;
    });
    created.on(created.events.DISCONNECT, () => {
      isJoined = false;
    });
    created.on(created.events.CRASH, (event) => {
      isJoined = false;
      logger.error(
        { err: event.payload.error, groupId: options.groupId, restart: event.payload.restart },
        'consumer crashed',
      );
      if (!event.payload.restart && !stopping.signal.aborted) starting = loop();
    });
    return created;
  }

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
