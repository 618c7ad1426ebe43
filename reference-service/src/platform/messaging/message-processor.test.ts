import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { asyncapiMessage } from '@tracegate/contracts';
import type { KafkaMessage } from 'kafkajs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { openPglite } from '../db/pglite-database.ts';
import { PermanentError } from '../errors.ts';
import type { EventProducer, OutgoingRecord } from '../kafka/producer.ts';
import { topicNames } from '../kafka/topic-names.ts';
import { createLogger } from '../logging/logger.ts';
import { createMetrics } from '../metrics/metrics.ts';
import { messagingMigration } from '../outbox/outbox-schema.ts';
import { createEventValidator } from './event-validator.ts';
import { subscribe } from './inbound-event.ts';
import { createMessageProcessor } from './message-processor.ts';

const example = asyncapiMessage('order.created').examples[0];
let offset = 0;

function message(overrides: { value?: string; headers?: Record<string, string> } = {}): KafkaMessage {
  const headers = { ...(example?.headers as Record<string, string>), ce_id: randomUUID(), ...overrides.headers };
  offset += 1;
  return {
    key: Buffer.from(String((example?.payload as { orderId?: string } | undefined)?.orderId)),
    value: Buffer.from(overrides.value ?? JSON.stringify(example?.payload)),
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)])),
    offset: String(offset),
    timestamp: String(Date.now()),
    attributes: 0,
  } as KafkaMessage;
}

describe('message processor', () => {
  let db: Database;
  let sent: OutgoingRecord[];
  let failures: { remaining: number; error: () => Error };
  let attempts: number;
  let producerDown: boolean;
  const producer: EventProducer = {
    async send(record) {
      if (producerDown) throw new Error('broker down');
      sent.push(record);
    },
    async sendBatch(records) {
      if (producerDown) throw new Error('broker down');
      sent.push(...records);
    },
    isConnected: () => true,
    disconnect: async () => undefined,
  };
  const metrics = createMetrics(async () => ({}));
  const logger = createLogger({
    serviceName: 'test',
    serviceVersion: '0',
    level: 'silent',
    destination: new Writable({ write: (_c, _e, done) => done() }),
  });

  const processor = () =>
    createMessageProcessor({
      consumerGroup: 'payment-service',
      db,
      subscriptions: [
        subscribe('order.created', async (event, tx) => {
          attempts += 1;
          if (failures.remaining > 0) {
            failures.remaining -= 1;
            throw failures.error();
          }
          await tx.query('INSERT INTO effects (event_id, order_id) VALUES ($1, $2)', [event.id, event.payload.orderId]);
        }),
      ],
      validator: createEventValidator(['order.created']),
      producer,
      topics: topicNames(''),
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
      logger,
      metrics,
      afterCommit: () => undefined,
      signal: new AbortController().signal,
    });

  const effects = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM effects'))[0]?.n;
  const deliver = (msg: KafkaMessage) => processor().process({ topic: 'order.created', partition: 2, message: msg });
  const header = (record: OutgoingRecord | undefined, name: string) => String(record?.headers[name]);

  beforeAll(async () => {
    db = await openPglite(undefined);
    await migrate(db, [
      messagingMigration,
      { id: 'effects', statements: ['CREATE TABLE effects (event_id text, order_id text)'] },
    ]);
  });
  afterAll(async () => db?.close());
  beforeEach(async () => {
    sent = [];
    attempts = 0;
    producerDown = false;
    failures = { remaining: 0, error: () => new Error('database hiccup') };
    await db.query('DELETE FROM effects');
  });

  it('applies a valid event once', async () => {
    expect(await deliver(message())).toBe('processed');
    expect(await effects()).toBe(1);
    expect(sent).toEqual([]);
  });

  it('skips the same event delivered twice (one effect)', async () => {
    const msg = message();
    expect(await deliver(msg)).toBe('processed');
    expect(await deliver(msg)).toBe('duplicate');
    expect(await effects()).toBe(1);
  });

  it('dead-letters a value that is not JSON, with where it came from', async () => {
    const msg = message({ value: '{not json' });
    expect(await deliver(msg)).toBe('dead_lettered');
    expect(sent).toHaveLength(1);
    const [record] = sent;
    expect(record?.topic).toBe('order.created.dlq');
    expect(String(record?.value)).toBe('{not json');
    expect(header(record, 'x-dlq-reason')).toBe('invalid-message: the value is not JSON');
    expect(header(record, 'x-dlq-original-topic')).toBe('order.created');
    expect(header(record, 'x-dlq-original-partition')).toBe('2');
    expect(header(record, 'x-dlq-original-offset')).toBe(msg.offset);
    expect(header(record, 'x-dlq-consumer-group')).toBe('payment-service');
    expect(await effects()).toBe(0);
  });

  it.each([
    [
      'a payload missing orderId',
      { value: JSON.stringify({ ...(example?.payload as object), orderId: undefined }) },
      '/payload',
    ],
    ['headers without traceparent', { headers: { traceparent: 'nope' } }, '/headers/traceparent'],
    ['a wrong ce_type', { headers: { ce_type: 'io.tracegate.other' } }, '/headers'],
  ])('dead-letters %s as invalid against the AsyncAPI document', async (_name, overrides, where) => {
    expect(await deliver(message(overrides))).toBe('dead_lettered');
    expect(header(sent[0], 'x-dlq-reason')).toMatch(new RegExp(`^invalid-message: ${where}`));
    expect(attempts).toBe(0);
  });

  it('retries a transient failure and applies the event once', async () => {
    failures.remaining = 2;
    expect(await deliver(message())).toBe('processed');
    expect(attempts).toBe(3);
    expect(await effects()).toBe(1);
  });

  it('dead-letters when retries are exhausted', async () => {
    failures.remaining = 10;
    expect(await deliver(message())).toBe('dead_lettered');
    expect(attempts).toBe(3);
    expect(header(sent[0], 'x-dlq-reason')).toBe('retries-exhausted after 3 attempts: database hiccup');
    expect(await effects()).toBe(0);
  });

  it('dead-letters a permanent failure without retrying', async () => {
    failures = { remaining: 1, error: () => new PermanentError('amount is not a number') };
    expect(await deliver(message())).toBe('dead_lettered');
    expect(attempts).toBe(1);
    expect(header(sent[0], 'x-dlq-reason')).toBe('permanent-failure: amount is not a number');
  });

  it('leaves the message uncommitted (rejects) when even the DLQ is unreachable', async () => {
    producerDown = true;
    await expect(deliver(message({ value: 'nope' }))).rejects.toThrow('broker down');
  });

  it('counts consumed, retried and dead-lettered messages per topic', async () => {
    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      /messages_consumed_total\{topic="order.created",consumer="payment-service",outcome="duplicate"\} 1/,
    );
    expect(text).toMatch(/messages_retried_total\{topic="order.created",consumer="payment-service"\} [1-9]/);
    expect(text).toMatch(
      /messages_dead_lettered_total\{topic="order.created",consumer="payment-service",reason="invalid"\} [1-9]/,
    );
  });
});

describe('message processor with a topic prefix', () => {
  it('routes <prefix><address> to the address handler and dead-letters to <prefix><address>.dlq', async () => {
    const sent: OutgoingRecord[] = [];
    const db = await openPglite(undefined);
    try {
      await migrate(db, [messagingMigration]);
      const handled: string[] = [];
      const processor = createMessageProcessor({
        consumerGroup: 'staging.payment-service',
        db,
        subscriptions: [subscribe('order.created', async (event) => void handled.push(event.topic))],
        validator: createEventValidator(['order.created']),
        producer: {
          send: async (record) => void sent.push(record),
          sendBatch: async (records) => void sent.push(...records),
          isConnected: () => true,
          disconnect: async () => undefined,
        },
        topics: topicNames('staging.'),
        retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
        logger: createLogger({ serviceName: 't', serviceVersion: '0', level: 'silent' }),
        metrics: createMetrics(async () => ({})),
        afterCommit: () => undefined,
        signal: new AbortController().signal,
      });
      expect(await processor.process({ topic: 'staging.order.created', partition: 0, message: message() })).toBe(
        'processed',
      );
      expect(handled).toEqual(['order.created']);
      await processor.process({ topic: 'staging.order.created', partition: 0, message: message({ value: 'x' }) });
      expect(sent.map((record) => record.topic)).toEqual(['staging.order.created.dlq']);
    } finally {
      await db.close();
    }
  });
});
