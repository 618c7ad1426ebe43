import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import type { Database } from '../db/database.ts';
import type { EventProducer } from '../kafka/producer.ts';
import type { TopicNames } from '../kafka/topic-names.ts';
import type { Logger } from '../logging/logger.ts';
import type { ServiceMetrics } from '../metrics/metrics.ts';
import { backoffDelay } from '../retry/backoff.ts';

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

interface OutboxRow {
  id: string | number;
  topic: string;
  message_key: string;
  payload: unknown;
  headers: Record<string, string>;
  created_at: Date;
}

/** Creates the relay of one context's outbox. */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { db, producer, logger, metrics } = options;
  let running = false;
  let failures = 0;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  let kicked = false;
  let loop: Promise<void> | undefined;

  async function publish(row: OutboxRow): Promise<void> {
    const parent = propagation.extract(ROOT_CONTEXT, row.headers);
    await context.with(parent, () =>
      producer.send({
        topic: options.topics.physical(row.topic),
        key: row.message_key,
        value: JSON.stringify(row.payload),
        headers: row.headers,
      }),
    );
    metrics.outboxPublishLatency.observe(
      { context: options.name, topic: row.topic },
      (Date.now() - new Date(row.created_at).getTime()) / 1_000,
    );
    metrics.messagesPublished.inc({ topic: row.topic });
  }

  /** One pass: returns how many rows were published; throws when any failed (after marking the others). */
  async function pass(): Promise<number> {
    const rows = await db.query<OutboxRow>(
      'SELECT id, topic, message_key, payload, headers, created_at FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1',
      [options.batchSize],
    );
    if (rows.length === 0) return 0;
    const results = await Promise.allSettled(rows.map(publish));
    const done = rows.filter((_row, index) => results[index]?.status === 'fulfilled').map((row) => String(row.id));
    if (done.length > 0) await db.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])', [done]);
    const rejected = results.find((result) => result.status === 'rejected');
    if (rejected) throw (rejected as PromiseRejectedResult).reason;
    return rows.length;
  }

  /** Waits `ms`; a kick ends the wait early unless we are backing off after a failure. */
  function pause(ms: number, interruptible: boolean): Promise<void> {
    if (!running || (interruptible && kicked)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      wake = () => {
        if (interruptible === false && running) return;
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });
  }

  async function run(): Promise<void> {
    while (running) {
      kicked = false;
      try {
        const published = await pass();
        failures = 0;
        failure = undefined;
        if (published === options.batchSize) continue;
        await pause(options.pollIntervalMs, true);
      } catch (error) {
        failures += 1;
        failure = error instanceof Error ? error : new Error(String(error));
        const delay = backoffDelay(failures, options.retry);
        logger.warn(
          { err: failure, attempt: failures, retryInMs: delay, outbox: options.name },
          'outbox publish failed',
        );
        await pause(delay, false);
      }
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    kick() {
      kicked = true;
      wake?.();
    },
    async stop(deadline) {
      running = false;
      wake?.();
      await loop;
      while (Date.now() < deadline) {
        const published = await pass().catch((error: unknown) => {
          logger.warn({ err: error, outbox: options.name }, 'outbox drain stopped with events left');
          return 0;
        });
        if (published === 0) return;
      }
    },
    async backlog() {
      const [row] = await db.query<{ count: string | number }>(
        'SELECT count(*) AS count FROM outbox WHERE published_at IS NULL',
      );
      return Number(row?.count ?? 0);
    },
    lastError: () => failure,
  };
}
