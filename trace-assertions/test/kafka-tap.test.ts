import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isTraceAssertionError, type KafkaTap, tapKafka } from '../src/index.ts';
import type {} from './provided-context.ts';

const brokers = inject('kafkaBrokers').split(',');
const topic = `tap-test-${randomUUID()}`;
const kafka = new Kafka({ clientId: 'tap-test', brokers, logLevel: logLevel.NOTHING });
let producer: Producer;
let tap: KafkaTap | undefined;

beforeAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
  await admin.disconnect();
  // Idempotent: a send retried under load must not write its messages twice (the tests count them exactly).
  producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({ topic, messages: [{ key: 'before', value: 'old' }] });
});

afterAll(async () => {
  await tap?.stop();
  await producer.disconnect();
});

describe('tapKafka against a real broker', () => {
  it('records messages produced after it is ready, with decoded headers and JSON values', async () => {
    tap = await tapKafka({ brokers, topics: [topic] });
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-a000000000000004-01';
    await producer.send({
      topic,
      messages: [
        {
          key: 'o-1',
          value: JSON.stringify({ orderId: 'o-1', total: 42 }),
          headers: { traceparent, 'x-correlation-id': Buffer.from('corr-123') },
        },
        { key: 'o-2', value: 'not json' },
      ],
    });
    const message = await tap.waitFor({ headers: { 'x-correlation-id': 'corr-123' } }, { timeoutMs: 15_000 });
    expect(message).toMatchObject({
      topic,
      key: 'o-1',
      headers: { traceparent, 'x-correlation-id': 'corr-123' },
      json: { orderId: 'o-1', total: 42 },
    });
    expect(message.offset).toMatch(/^\d+$/);
    expect(message.timestamp).toBeGreaterThan(0);
    const plain = await tap.waitFor((m) => m.key === 'o-2', { timeoutMs: 15_000 });
    expect(plain.value).toBe('not json');
    expect(plain.json).toBeUndefined();
    expect(tap.find({ key: 'before' })).toEqual([]);
  });

  it('reads what is already there with fromBeginning, times out with KAFKA_TIMEOUT and stops waiting on abort', async () => {
    const history = await tapKafka({ brokers, topics: [topic], fromBeginning: true });
    try {
      expect((await history.waitFor({ key: 'before' }, { timeoutMs: 15_000 })).value).toBe('old');
      const error = await history.waitFor({ key: 'never' }, { timeoutMs: 50 }).catch((e: unknown) => e);
      expect(isTraceAssertionError(error, 'KAFKA_TIMEOUT')).toBe(true);
      const abort = new AbortController();
      const waiting = history.waitFor({ key: 'never' }, { timeoutMs: 60_000, signal: abort.signal });
      abort.abort(new Error('interrupted'));
      await expect(waiting).rejects.toThrow('interrupted');
    } finally {
      await history.stop();
    }
  });

  it('drains to the end offsets, reads a topic a pattern matches that was created later, keeps raw value bytes', async () => {
    const prefix = `tap-pattern-${randomUUID().slice(0, 8)}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: `${prefix}-early` }], waitForLeaders: true });
    await producer.send({ topic: `${prefix}-early`, messages: [{ key: 'before', value: 'old' }] });
    const pattern = await tapKafka({
      brokers,
      topics: [new RegExp(`^${prefix}-`)],
      excludeTopics: [/-skipped$/],
      valueBytes: true,
    });
    try {
      const binary = Buffer.from([0x00, 0xff, 0x10, 0x80]);
      await producer.send({ topic: `${prefix}-early`, messages: [{ key: 'bin', value: binary }] });
      await admin.createTopics({
        topics: [{ topic: `${prefix}-late`, numPartitions: 2 }, { topic: `${prefix}-skipped` }],
        waitForLeaders: true,
      });
      await producer.send({
        topic: `${prefix}-late`,
        messages: [
          { key: 'l1', value: '{}' },
          { key: 'l2', value: '{}' },
        ],
      });
      await producer.send({ topic: `${prefix}-skipped`, messages: [{ key: 's', value: '{}' }] });
      expect(await pattern.drain({ timeoutMs: 30_000 })).toEqual({ complete: true, behind: [] });
      const keys = pattern.messages().map((m) => `${m.topic.slice(prefix.length + 1)}:${m.key}`);
      expect(keys.sort()).toEqual(['early:bin', 'late:l1', 'late:l2']);
      const [bin] = pattern.find({ key: 'bin' });
      expect(bin?.valueBytes).toEqual(binary);
      expect(bin).toMatchObject({ partition: 0, offset: '1' });
    } finally {
      await pattern.stop();
      await admin.disconnect();
    }
  });

  it('stop({ drain: true }) records what was produced before it, without a waitFor', async () => {
    const drained = await tapKafka({ brokers, topics: [topic] });
    await producer.send({ topic, messages: [{ key: 'last', value: 'x' }] });
    await drained.stop({ drain: true, timeoutMs: 30_000 });
    expect(drained.find({ key: 'last' })).toHaveLength(1);
    expect(drained.messages()[0]?.valueBytes).toBeUndefined();
  });
});
