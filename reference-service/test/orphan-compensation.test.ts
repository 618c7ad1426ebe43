import { randomUUID } from 'node:crypto';
import { asyncapiMessage } from '@tracegate/contracts';
import type { KafkaTap } from '@tracegate/trace-assertions';
import { tapKafka } from '@tracegate/trace-assertions';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventProblems } from './support/contract-validators.ts';
import { testProducer } from './support/kafka-producer.ts';
import type { ServiceUnderTest } from './support/service-process.ts';
import { startReferenceService } from './support/service-process.ts';

describe('compensation for an orphan authorization', () => {
  let service: ServiceUnderTest;
  let tap: KafkaTap;
  let producer: Awaited<ReturnType<typeof testProducer>>;
  const brokers = inject('kafkaBrokers');

  beforeAll(async () => {
    service = await startReferenceService({ brokers, label: 'orphan' });
    const topics = ['payment.authorized', 'order.payment-rejected', 'payment.refunded'].map((t) => service.topic(t));
    tap = await tapKafka({ brokers, topics });
    producer = await testProducer(brokers);
  });

  afterAll(async () => {
    await producer?.close();
    await tap?.stop();
    await service?.stop();
  });

  /** A schema-valid event from the AsyncAPI example, for `orderId`, with extra headers. */
  function fromExample(address: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) {
    const example = asyncapiMessage(address).examples[0];
    return {
      topic: service.topic(address),
      messages: [
        {
          key: String(payload.orderId),
          value: JSON.stringify({ ...(example?.payload as Record<string, unknown>), ...payload }),
          headers: { ...(example?.headers as Record<string, string>), ce_id: randomUUID(), ...headers },
        },
      ],
    };
  }

  it('refunds a payment authorized for an order the order context never created', async () => {
    const orderId = randomUUID();
    await producer.send(fromExample('order.created', { orderId }));

    const authorized = await tap.waitFor({ topic: service.topic('payment.authorized'), key: orderId });
    const paymentId = (authorized.json as { paymentId: string }).paymentId;
    const rejected = await tap.waitFor({ topic: service.topic('order.payment-rejected'), key: orderId });
    expect(rejected.json).toMatchObject({ orderId, paymentId, reason: 'unknown_order' });
    expect(eventProblems({ ...rejected, topic: 'order.payment-rejected' })).toEqual([]);
    const refunded = await tap.waitFor({ topic: service.topic('payment.refunded'), key: orderId });
    expect(refunded.json).toMatchObject({ orderId, paymentId });
    expect(eventProblems({ ...refunded, topic: 'payment.refunded' })).toEqual([]);
    expect(refunded.headers['x-correlation-id']).toBe(authorized.headers['x-correlation-id']);
  });

  it("leaves another deployment's authorization for an unknown order alone", async () => {
    const orderId = randomUUID();
    const payload = { orderId, paymentId: randomUUID() };
    await producer.send(fromExample('payment.authorized', payload, { 'x-deployment-id': 'another-deployment-' }));
    await service.logs.waitFor({
      message: "another deployment's authorization for an unknown order ignored",
      fields: { orderId },
    });
    expect(tap.find({ topic: service.topic('order.payment-rejected'), key: orderId })).toEqual([]);
  });
});
