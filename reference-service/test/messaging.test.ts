import { randomUUID } from 'node:crypto';
import { asyncapiMessage } from '@tracegate/contracts';
import type { KafkaTap } from '@tracegate/trace-assertions';
import { tapKafka } from '@tracegate/trace-assertions';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call } from './support/api-client.ts';
import { eventually, orderBody, request } from './support/http.ts';
import { testProducer, toKafkaHeaders } from './support/kafka-producer.ts';
import type { ServiceUnderTest } from './support/service-process.ts';
import { startReferenceService } from './support/service-process.ts';

const partitions = [0, 1, 2];

describe('messaging guarantees against a real broker', () => {
  let service: ServiceUnderTest;
  let tap: KafkaTap;
  let producer: Awaited<ReturnType<typeof testProducer>>;
  const brokers = inject('kafkaBrokers');

  beforeAll(async () => {
    service = await startReferenceService({ brokers, label: 'messaging' });
    const topics = ['order.created', 'payment.authorized', 'order.created.dlq'].map((topic) => service.topic(topic));
    tap = await tapKafka({ brokers, topics });
    producer = await testProducer(brokers);
  });

  afterAll(async () => {
    await producer?.close();
    await tap?.stop();
    await service?.stop();
  });

  async function confirmedOrder(): Promise<string> {
    const { body } = await call<{ id: string }>(service.url, {
      method: 'POST',
      template: '/orders',
      body: orderBody(),
    });
    await eventually(
      async () =>
        ((await request(`${service.url}/orders/${body.id}`)).body as { status: string }).status === 'CONFIRMED' ||
        undefined,
      { what: `order ${body.id} confirmed` },
    );
    return body.id;
  }

  it('applies an event delivered twice only once', async () => {
    const orderId = await confirmedOrder();
    const original = await tap.waitFor({ topic: service.topic('order.created'), key: orderId });
    await producer.send({
      topic: service.topic('order.created'),
      messages: [{ key: original.key, value: original.value, headers: toKafkaHeaders(original.headers) }],
    });
    const eventId = String(original.headers.ce_id);
    await service.logs.waitFor({ message: 'duplicate event skipped', fields: { eventId } }, { timeoutMs: 15_000 });
    expect(service.logs.find({ message: 'payment authorized', fields: { orderId } })).toHaveLength(1);
    // The tap's consumer may lag behind the service's log: wait for the first event before counting.
    await tap.waitFor({ topic: service.topic('payment.authorized'), key: orderId }, { timeoutMs: 15_000 });
    expect(tap.find({ topic: service.topic('payment.authorized'), key: orderId })).toHaveLength(1);
  });

  it('dead-letters poison messages with the reason and origin, and keeps consuming', async () => {
    const example = asyncapiMessage('order.created').examples[0];
    const poison = [
      ...partitions.map((partition) => ({ partition, key: randomUUID(), value: 'not json at all', headers: {} })),
      ...partitions.map((partition) => ({
        partition,
        key: randomUUID(),
        value: JSON.stringify({ orderId: 'nope' }),
        headers: { ...(example?.headers as Record<string, string>), ce_id: randomUUID() },
      })),
    ];
    await producer.send({ topic: service.topic('order.created'), messages: poison });
    for (const message of poison) {
      const dead = await tap.waitFor(
        { topic: service.topic('order.created.dlq'), key: message.key },
        { timeoutMs: 15_000 },
      );
      expect(dead.value).toBe(message.value);
      expect(dead.headers['x-dlq-reason']).toMatch(/^invalid-message: /);
      expect(dead.headers['x-dlq-original-topic']).toBe(service.topic('order.created'));
      expect(dead.headers['x-dlq-original-partition']).toBe(String(message.partition));
      expect(dead.headers['x-dlq-original-offset']).toMatch(/^\d+$/);
      expect(dead.headers['x-dlq-consumer-group']).toBe(`${service.groupPrefix}payment-service`);
    }
    expect(await confirmedOrder()).toBeTruthy();
    const ready = await call<{ checks: Record<string, { status: string }> }>(service.url, {
      method: 'GET',
      template: '/health/ready',
    });
    expect(ready.body.checks['payment.consumer']?.status).toBe('ok');
    const metrics = (await request(`${service.url}/metrics`)).text;
    expect(metrics).toMatch(
      /messages_dead_lettered_total\{topic="order.created",consumer="[^"]+",reason="invalid"\} 6/,
    );
  });
});
