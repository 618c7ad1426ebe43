import type { Database } from '../db/database.ts';
import type { EventProducer } from '../kafka/producer.ts';
import type { TopicNames } from '../kafka/topic-names.ts';
import type { Logger } from '../logging/logger.ts';
import type { ServiceMetrics } from '../metrics/metrics.ts';
import { backoffDelay } from '../retry/backoff.ts';
import type { OutboxRow } from './outbox-rows.ts';
import { countPending, markPublished, pendingRows } from './outbox-rows.ts';
import { endProducerSpans, tracedRecord, withoutSendSpans } from './producer-spans.ts';
import { createRelayPacer } from './relay-pacer.ts';

/** Options of {@link createOutboxRelay}. */
export interface OutboxRelayOptions {
  readonly name: string;
  readonly db: Database;
  readonly producer: EventProducer;
  readonly topics: TopicNames;
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  readonly pollIntervalMs: number;
  readonly batchSize: number;
  readonly retry: { readonly baseDelayMs: number; readonly maxDelayMs: number };
}

/** Publishes committed outbox rows: kicked right after each commit, polling as the fallback. */
export interface OutboxRelay {
  start(): void;
  /** Asks for a publish pass as soon as possible (cheap; passes coalesce). */
  kick(): void;
  /** Stops polling, then publishes what is left until empty, a failure, or `deadline` (epoch ms). */
  stop(deadline: number): Promise<void>;
  backlog(): Promise<number>;
  /** The last publish failure while it lasts; undefined once a publish succeeds. */
  lastError(): Error | undefined;
}

/** Creates the relay of one context's outbox. */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { db, logger } = options;
  let running = false;
  let failures = 0;
  let failure: Error | undefined;
  let loop: Promise<void> | undefined;
  const pacer = createRelayPacer(() => running);
  const pass = () => publishPass(options);

  /** Records a failed pass and returns how long to back off before the next one. */
  const backOff = (error: unknown): number => {
    failures += 1;
    failure = error instanceof Error ? error : new Error(String(error));
    const delay = backoffDelay(failures, options.retry);
    logger.warn({ err: failure, attempt: failures, retryInMs: delay, outbox: options.name }, 'outbox publish failed');
    return delay;
  };

  async function run(): Promise<void> {
    while (running) {
      pacer.beginPass();
      try {
        const published = await pass();
        failures = 0;
        failure = undefined;
        if (published < options.batchSize) await pacer.pause(options.pollIntervalMs, true);
      } catch (error) {
        await pacer.pause(backOff(error), false);
      }
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    kick: () => pacer.kick(),
    async stop(deadline) {
      running = false;
      pacer.stop();
      await loop;
      await drain(options, pass, deadline);
    },
    backlog: () => countPending(db),
    lastError: () => failure,
  };
}

/**
 * One pass: the oldest ready rows (in commit order) go out in one batch and are marked published in one UPDATE;
 * returns how many. A failed send marks nothing, so the whole pass is retried and each key keeps its order.
 */
async function publishPass(options: OutboxRelayOptions): Promise<number> {
  const rows = await pendingRows(options.db.background, options.batchSize);
  if (rows.length === 0) return 0;
  await sendRows(options, rows);
  const sentAt = Date.now();
  await markPublished(
    options.db.background,
    rows.map((row) => String(row.id)),
  );
  recordPublished(options, rows, sentAt);
  return rows.length;
}

/** Publishes what is left, pass after pass, until the outbox is empty, a pass fails, or `deadline` (epoch ms). */
async function drain(options: OutboxRelayOptions, pass: () => Promise<number>, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const published = await pass().catch((error: unknown) => {
      options.logger.warn({ err: error, outbox: options.name }, 'outbox drain stopped with events left');
      return 0;
    });
    if (published === 0) return;
  }
}

/** Sends the rows in one batch, each as a message of its own producer span (a child of the span that wrote it). */
async function sendRows(options: OutboxRelayOptions, rows: readonly OutboxRow[]): Promise<void> {
  const traced = rows.map((row) =>
    tracedRecord({
      topic: options.topics.physical(row.topic),
      key: row.message_key,
      value: JSON.stringify(row.payload),
      headers: row.headers,
    }),
  );
  try {
    await withoutSendSpans(() => options.producer.sendBatch(traced.map(({ record }) => record)));
  } catch (error) {
    endProducerSpans(traced, error);
    throw error;
  }
  endProducerSpans(traced);
}

/** Records each published row's commit→publish latency (to `sentAt`, epoch ms) and count. */
function recordPublished(options: OutboxRelayOptions, rows: readonly OutboxRow[], sentAt: number): void {
  for (const row of rows) {
    const labels = { context: options.name, topic: row.topic };
    options.metrics.outboxPublishLatency.observe(labels, (sentAt - new Date(row.created_at).getTime()) / 1_000);
    options.metrics.messagesPublished.inc({ topic: row.topic });
  }
}
