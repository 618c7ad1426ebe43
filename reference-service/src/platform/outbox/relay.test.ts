import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { openPglite } from '../db/pglite-database.ts';
import type { EventProducer, OutgoingRecord } from '../kafka/producer.ts';
import { topicNames } from '../kafka/topic-names.ts';
import { createLogger } from '../logging/logger.ts';
import { createMetrics } from '../metrics/metrics.ts';
import { withCorrelationId } from '../telemetry/correlation.ts';
import { createOutboxWriter } from './outbox.ts';
import { messagingMigration } from './outbox-schema.ts';
import type { OutboxRelay } from './relay.ts';
import { createOutboxRelay } from './relay.ts';

async function until(probe: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<number> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return Date.now() - started;
}

const stepOf = (record: OutgoingRecord): number | undefined =>
  (JSON.parse(String(record.value)) as { step?: number }).step;

describe('transactional outbox', () => {
  let db: Database;
  let sent: OutgoingRecord[];
  let down: boolean;
  let failOnce: Set<number | undefined>;
  let batches: number[];
  let relay: OutboxRelay;
  const producer: EventProducer = {
    send: async () => {
      throw new Error('the relay sends batches only');
    },
    async sendBatch(records) {
      batches.push(records.length);
      if (down) throw new Error('broker down');
      if (records.filter((record) => failOnce.delete(stepOf(record))).length > 0) throw new Error('not acknowledged');
      sent.push(...records);
    },
    isConnected: () => !down,
    disconnect: async () => undefined,
  };
  const metrics = createMetrics(async () => ({}));
  const logger = createLogger({
    serviceName: 'test',
    serviceVersion: '0',
    level: 'silent',
    destination: new Writable({ write: (_c, _e, done) => done() }),
  });
  const writer = createOutboxWriter({ source: '/order-service', now: () => new Date('2026-11-20T10:00:00.000Z') });
  const enqueue = (
    key: string,
    payload: { correlationId: string; step?: number } = { correlationId: 'req-1' },
    topic = 'order.created',
  ) => withCorrelationId('req-1', () => db.transaction((tx) => writer.enqueue(tx, { topic, key, payload })));
  const relayWith = (batchSize: number) =>
    createOutboxRelay({
      name: 'order',
      db,
      producer,
      topics: topicNames(''),
      logger,
      metrics,
      pollIntervalMs: 60_000,
      batchSize,
      retry: { baseDelayMs: 20, maxDelayMs: 50 },
    });

  beforeAll(async () => {
    db = await openPglite(undefined);
    await migrate(db, [messagingMigration]);
  });
  afterAll(async () => db?.close());
  beforeEach(async () => {
    sent = [];
    down = false;
    failOnce = new Set();
    batches = [];
    await db.query('DELETE FROM outbox');
    relay = relayWith(2);
  });

  it('stores CloudEvents and correlation headers with the event', async () => {
    const eventId = await enqueue('o-1');
    const [row] = await db.query<{ headers: Record<string, string>; message_key: string }>('SELECT * FROM outbox');
    expect(row?.message_key).toBe('o-1');
    expect(row?.headers).toEqual({
      'x-correlation-id': 'req-1',
      ce_id: eventId,
      ce_type: 'io.tracegate.order.created',
      ce_source: '/order-service',
      ce_specversion: '1.0',
      ce_time: '2026-11-20T10:00:00.000Z',
      'content-type': 'application/json',
    });
  });

  it('publishes on a kick without waiting for the poll interval', async () => {
    await enqueue('o-1');
    relay.start();
    await until(async () => (await relay.backlog()) === 0);
    // The pass found fewer rows than a batch: the relay now sleeps the 60 s poll interval unless kicked.
    await enqueue('o-2');
    relay.kick();
    await until(async () => (await relay.backlog()) === 0);
    expect(sent.map((record) => record.key)).toEqual(['o-1', 'o-2']);
    expect(sent[1]).toMatchObject({ topic: 'order.created', key: 'o-2', value: '{"correlationId":"req-1"}' });
    await relay.stop(Date.now() + 1_000);
  });

  it('sends all ready rows of a pass in one batch: two keys, two topics, each key in commit order', async () => {
    await enqueue('a', { correlationId: 'req-1', step: 1 }, 'order.created');
    await enqueue('b', { correlationId: 'req-1', step: 1 }, 'order.created');
    await enqueue('a', { correlationId: 'req-1', step: 2 }, 'order.cancelled');
    await enqueue('b', { correlationId: 'req-1', step: 2 }, 'order.created');
    await enqueue('a', { correlationId: 'req-1', step: 3 }, 'order.cancelled');
    const wide = relayWith(10);
    wide.start();
    await until(() => sent.length === 5);
    await wide.stop(Date.now() + 1_000);
    expect(batches).toEqual([5]);
    const stepsOf = (key: string, topic: string) =>
      sent.filter((record) => record.key === key && record.topic === topic).map(stepOf);
    expect(stepsOf('a', 'order.created')).toEqual([1]);
    expect(stepsOf('a', 'order.cancelled')).toEqual([2, 3]);
    expect(stepsOf('b', 'order.created')).toEqual([1, 2]);
    expect(sent.map((record) => `${record.key}${stepOf(record)}`)).toEqual(['a1', 'b1', 'a2', 'b2', 'a3']);
    expect(await wide.backlog()).toBe(0);
  });

  it('keeps commit order across passes when more rows are ready than a batch holds', async () => {
    for (const key of ['a', 'b', 'c', 'd', 'e']) await enqueue(key);
    relay.start();
    relay.kick();
    await until(() => sent.length === 5);
    expect(sent.map((record) => record.key)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(batches).toEqual([2, 2, 1]);
    await relay.stop(Date.now() + 1_000);
  });

  it('keeps events while the broker is down and delivers each once it is back', async () => {
    down = true;
    relay.start();
    await enqueue('o-1');
    await enqueue('o-2');
    relay.kick();
    await until(() => relay.lastError() !== undefined);
    expect(await relay.backlog()).toBe(2);
    down = false;
    await until(() => sent.length === 2);
    await until(async () => (await relay.backlog()) === 0);
    expect(relay.lastError()).toBeUndefined();
    expect(sent.map((record) => record.key).sort()).toEqual(['o-1', 'o-2']);
    await relay.stop(Date.now() + 1_000);
    expect(sent).toHaveLength(2);
  });

  it('publishes nothing of a batch whose send failed, then retries it whole and in order', async () => {
    await enqueue('k', { correlationId: 'req-1', step: 1 });
    await enqueue('k', { correlationId: 'req-1', step: 2 });
    failOnce.add(2);
    relay.start();
    await until(() => relay.lastError() !== undefined || sent.length > 0);
    expect(sent).toEqual([]);
    expect(await relay.backlog()).toBeGreaterThan(0);
    await until(() => sent.length === 2);
    expect(sent.map(stepOf)).toEqual([1, 2]);
    expect(batches).toEqual([2, 2]);
    await until(async () => (await relay.backlog()) === 0);
    await relay.stop(Date.now() + 1_000);
  });

  it('drains what is left on stop', async () => {
    relay.start();
    await relay.stop(Date.now() + 1_000);
    await enqueue('late');
    const stopped = relayWith(10);
    await stopped.stop(Date.now() + 1_000);
    expect(sent.map((record) => record.key)).toEqual(['late']);
  });

  it('records commit→publish latency per topic', async () => {
    expect(await metrics.registry.metrics()).toMatch(
      /outbox_publish_latency_seconds_count\{context="order",topic="order.created"\} [1-9]/,
    );
  });
});
