import { randomUUID } from 'node:crypto';
import { asyncapiMessage } from '@tracegate/contracts';
import type { KafkaTap } from '@tracegate/trace-assertions';
import { tapKafka } from '@tracegate/trace-assertions';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventProblems } from './support/contract-validators.ts';
import { eventually, orderBody, request } from './support/http.ts';
import { testProducer, toKafkaHeaders } from './support/kafka-producer.ts';
import type { ServiceUnderTest } from './support/service-process.ts';
import { startReferenceService, uniquePrefix } from './support/service-process.ts';

const confirmed = { status: 'CONFIRMED', paymentStatus: 'AUTHORIZED' };

describe('compensation for an orphan authorization', () => {
  let service: ServiceUnderTest;
  let tap: KafkaTap;
  let producer: Awaited<ReturnType<typeof testProducer>>;
  const brokers = inject('kafkaBrokers');

  beforeAll(async () => {
    service = await startReferenceService({ brokers, label: 'orphan', env: { PAYMENT_AMOUNT_LIMIT: '5000' } });
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

  /** Waits until the order reads `until` through the API. */
  async function orderReaches(id: string, until: { status: string; paymentStatus: string }): Promise<void> {
    await eventually(
      async () => {
        const order = (await request(`${service.url}/orders/${id}`)).body as { status: string; paymentStatus: string };
        return (order.status === until.status && order.paymentStatus === until.paymentStatus) || undefined;
      },
      { what: `order ${id} ${until.status}/${until.paymentStatus}` },
    );
  }

  /** Places an order through the API and waits until payment decided it. */
  async function placedOrder(amount: number, until: { status: string; paymentStatus: string }): Promise<string> {
    const created = await request(`${service.url}/orders`, { body: orderBody(amount) });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    await orderReaches(id, until);
    return id;
  }

  /** Sends an authorization from this deployment for a known order; returns the rejection it gets back. */
  async function rejectionOf(orderId: string) {
    const paymentId = randomUUID();
    const own = { 'x-deployment-id': service.groupPrefix };
    await producer.send(fromExample('payment.authorized', { orderId, paymentId }, own));
    const rejected = await tap.waitFor({ topic: service.topic('order.payment-rejected'), json: { paymentId } });
    expect(eventProblems({ ...rejected, topic: 'order.payment-rejected' })).toEqual([]);
    return rejected.json as { orderId: string; paymentId: string; reason: string };
  }

  it('sends back a second authorization for a paid order, and leaves the payment it took alone', async () => {
    const orderId = await placedOrder(900, confirmed);
    const taken = await tap.waitFor({ topic: service.topic('payment.authorized'), key: orderId });
    const rejected = await rejectionOf(orderId);
    expect(rejected).toMatchObject({ orderId, reason: 'already_paid' });
    expect(rejected.paymentId).not.toBe((taken.json as { paymentId: string }).paymentId);
    // The payment context holds only the authorization the order took: nothing of it is refunded.
    await service.logs.waitFor({ message: 'payment unchanged', fields: { orderId, status: 'AUTHORIZED' } });
    expect(tap.find({ topic: service.topic('payment.refunded'), key: orderId })).toEqual([]);
    expect((await request(`${service.url}/orders/${orderId}`)).body).toMatchObject({
      status: 'CONFIRMED',
      paymentStatus: 'AUTHORIZED',
    });
  });

  it('takes the same authorization again (a new event id) as no new payment', async () => {
    const orderId = await placedOrder(900, confirmed);
    const taken = await tap.waitFor({ topic: service.topic('payment.authorized'), key: orderId });
    await producer.send({
      topic: taken.topic,
      messages: [
        { key: orderId, value: taken.value, headers: { ...toKafkaHeaders(taken.headers), ce_id: randomUUID() } },
      ],
    });
    await service.logs.waitFor({ message: 'payment event changed nothing', fields: { orderId, status: 'CONFIRMED' } });
    expect(tap.find({ topic: service.topic('order.payment-rejected'), key: orderId })).toEqual([]);
  });

  it.each([
    { closed: 'rejected after a decline', amount: 9_000, decided: { status: 'REJECTED', paymentStatus: 'DECLINED' } },
    { closed: 'cancelled and refunded', amount: 900, decided: confirmed, cancelled: true },
  ])('sends back an authorization for an order $closed', async ({ amount, decided, cancelled }) => {
    const orderId = await placedOrder(amount, decided);
    if (cancelled) {
      const cancel = await request(`${service.url}/orders/${orderId}/cancel`, { method: 'POST', body: {} });
      expect(cancel.status).toBe(200);
      await orderReaches(orderId, { status: 'CANCELLED', paymentStatus: 'REFUNDED' });
    }
    const reason = cancelled ? 'order_cancelled' : 'order_rejected';
    expect(await rejectionOf(orderId)).toMatchObject({ orderId, reason });
  });
});

describe('compensation for an authorization the payment context made after the order was paid (CONTEXTS split)', () => {
  const brokers = inject('kafkaBrokers');
  const prefix = uniquePrefix('paid-twice');
  const started: ServiceUnderTest[] = [];
  let tap: KafkaTap | undefined;
  let producer: Awaited<ReturnType<typeof testProducer>> | undefined;

  afterAll(async () => {
    await producer?.close();
    await tap?.stop();
    for (const service of started.reverse()) await service.stop().catch(() => undefined);
  });

  it("refunds the payment context's own authorization for an order another authorization already paid", async () => {
    const order = await startReferenceService({
      brokers,
      label: 'paid-twice-order',
      groupPrefix: prefix,
      env: { CONTEXTS: 'order' },
    });
    started.push(order);
    const topics = ['payment.authorized', 'order.payment-rejected', 'payment.refunded'].map((t) => order.topic(t));
    tap = await tapKafka({ brokers, topics });
    producer = await testProducer(brokers);
    const created = await request(`${order.url}/orders`, { body: orderBody(900) });
    const orderId = (created.body as { id: string }).id;
    // Paid by an authorization from this deployment before its payment context ever saw the order.
    const example = asyncapiMessage('payment.authorized').examples[0];
    const first = randomUUID();
    await producer.send({
      topic: order.topic('payment.authorized'),
      messages: [
        {
          key: orderId,
          value: JSON.stringify({ ...(example?.payload as Record<string, unknown>), orderId, paymentId: first }),
          headers: { ...(example?.headers as Record<string, string>), ce_id: randomUUID(), 'x-deployment-id': prefix },
        },
      ],
    });
    await order.logs.waitFor({ message: 'order updated from payment', fields: { orderId, status: 'CONFIRMED' } });

    const payment = await startReferenceService({
      brokers,
      label: 'paid-twice-payment',
      groupPrefix: prefix,
      env: { CONTEXTS: 'payment' },
    });
    started.push(payment);
    const second = await tap.waitFor(
      (m) => m.key === orderId && m.topic === order.topic('payment.authorized') && m.value?.includes(first) === false,
      { timeoutMs: 30_000 },
    );
    const paymentId = (second.json as { paymentId: string }).paymentId;
    expect(paymentId).not.toBe(first);
    const rejected = await tap.waitFor(
      { topic: order.topic('order.payment-rejected'), key: orderId },
      { timeoutMs: 20_000 },
    );
    expect(rejected.json).toMatchObject({ orderId, paymentId, reason: 'already_paid' });
    const refunded = await tap.waitFor({ topic: order.topic('payment.refunded'), key: orderId }, { timeoutMs: 20_000 });
    expect(refunded.json).toMatchObject({ orderId, paymentId });
    expect(eventProblems({ ...refunded, topic: 'payment.refunded' })).toEqual([]);
    await order.logs.waitFor({
      message: 'payment event changed nothing',
      fields: { orderId, topic: 'payment.refunded' },
    });
    expect((await request(`${order.url}/orders/${orderId}`)).body).toMatchObject(confirmed);
  }, 120_000);
});
