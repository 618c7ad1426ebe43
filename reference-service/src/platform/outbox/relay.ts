import type { Database } from '../db/database.ts';
import type { EventProducer } from '../kafka/producer.ts';
import type { TopicNames } from '../kafka/topic-names.ts';
import type { Logger } from '../logging/logger.ts';
import type { ServiceMetrics } from '../metrics/metrics.ts';
import { backoffDelay } from '../retry/backoff.ts';
import type { OutboxRow } from './outbox-rows.ts';
import { countPending, markAndFetch, markPublished } from './outbox-rows.ts';
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
  const passes = createPublisher(options);

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
        const published = await passes.pass();
        failures = 0;
        failure = undefined;
        // A pass that sent rows is followed at once by the one that marks them (and reads the next).
        if (published === 0) await pacer.pause(options.pollIntervalMs, true);
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
      await drain(options, passes, deadline);
    },
    backlog: () => countPending(db),
    lastError: () => failure,
  };
}

/** Publish passes: each marks the rows the previous pass sent and sends the next ready ones (oldest first). */
interface Publisher {
  /** Returns how many rows were sent; throws when reading or sending failed (nothing of the batch is marked). */
  pass(): Promise<number>;
  /** Marks the rows sent by the last pass, if any. */
  markSent(): Promise<void>;
}

/**
 * A pass reads the oldest ready rows (commit order) and sends them in one batch; the next pass marks them published
 * in the statement that reads its own rows. A failed send marks nothing: the batch is retried whole, in order.
 */
function createPublisher(options: OutboxRelayOptions): Publisher {
  const db = options.db.background;
  let sent: string[] = [];
  return {
    async pass() {
      const rows = await markAndFetch(db, sent, options.batchSize);
      sent = [];
      if (rows.length === 0) return 0;
      await sendRows(options, rows);
      sent = rows.map((row) => String(row.id));
      recordPublished(options, rows);
      return rows.length;
    },
    async markSent() {
      await markPublished(db, sent);
      sent = [];
    },
  };
}

/** Publishes what is left, pass after pass, until the outbox is empty, a pass fails, or `deadline` (epoch ms). */
async function drain(options: OutboxRelayOptions, passes: Publisher, deadline: number): Promise<void> {
  const stopped = (error: unknown) => {
    options.logger.warn({ err: error, outbox: options.name }, 'outbox drain stopped with events left');
    return 0;
  };
  while (Date.now() < deadline) {
    if ((await passes.pass().catch(stopped)) === 0) break;
  }
  await passes.markSent().catch(stopped);
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

/** Records each published row's commit→publish latency and count. */
function recordPublished(options: OutboxRelayOptions, rows: readonly OutboxRow[]): void {
  const now = Date.now();
  for (const row of rows) {
    const labels = { context: options.name, topic: row.topic };
    options.metrics.outboxPublishLatency.observe(labels, (now - new Date(row.created_at).getTime()) / 1_000);
    options.metrics.messagesPublished.inc({ topic: row.topic });
  }
}
