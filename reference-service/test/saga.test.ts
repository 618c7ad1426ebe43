import { randomBytes } from 'node:crypto';
import type { KafkaTap, OtlpReceiver, SpanQuery, TappedMessage } from '@tracegate/trace-assertions';
import { findSpans, parseTraceparent, startOtlpReceiver, tapKafka } from '@tracegate/trace-assertions';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call } from './support/api-client.ts';
import { eventProblems } from './support/contract-validators.ts';
import { eventually, orderBody, request } from './support/http.ts';
import type { ServiceUnderTest } from './support/service-process.ts';
import { startReferenceService } from './support/service-process.ts';

interface Order {
  id: string;
  status: string;
  paymentStatus: string;
  statusReason: string | null;
}

const topics = ['order.created', 'order.cancelled', 'payment.authorized', 'payment.declined', 'payment.refunded'];

describe('choreography saga end to end (one trace per flow)', () => {
  let receiver: OtlpReceiver;
  let tap: KafkaTap;
  let service: ServiceUnderTest;

  beforeAll(async () => {
    const brokers = inject('kafkaBrokers');
    receiver = await startOtlpReceiver({ httpPort: false });
    service = await startReferenceService({
      brokers,
      label: 'saga',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.grpcEndpoint, PAYMENT_AMOUNT_LIMIT: '10000' },
    });
    tap = await tapKafka({ brokers, topics: topics.map((topic) => service.topic(topic)) });
  });

  afterAll(async () => {
    await service?.stop();
    await tap?.stop();
    await receiver?.close();
  });

  const producer = (topic: string): SpanQuery => ({
    kind: 'producer',
    attributes: { 'messaging.destination.name': service.topic(topic) },
  });
  const consumer = (topic: string): SpanQuery => ({
    kind: 'consumer',
    attributes: { 'messaging.destination.name': service.topic(topic) },
  });
  const correlation = (label: string) => `${label}-${randomBytes(5).toString('hex')}`;

  async function place(amount: number, correlationId: string): Promise<Order> {
    const response = await call<Order>(service.url, {
      method: 'POST',
      template: '/orders',
      body: orderBody(amount),
      headers: { 'x-correlation-id': correlationId },
    });
    expect(response.status).toBe(201);
    return response.body;
  }

  function settled(id: string, done: (order: Order) => boolean): Promise<Order> {
    return eventually(
      async () => {
        const order = (await request(`${service.url}/orders/${id}`)).body as Order;
        return done(order) ? order : undefined;
      },
      { what: `order ${id} to settle`, timeoutMs: 20_000 },
    );
  }

  async function message(topic: string, orderId: string): Promise<TappedMessage> {
    const found = await tap.waitFor({ topic: service.topic(topic), key: orderId }, { timeoutMs: 15_000 });
    expect(eventProblems({ ...found, topic }), `${topic} against asyncapi.yaml`).toEqual([]);
    return found;
  }

  async function expectOneTrace(messages: TappedMessage[], spans: SpanQuery[], correlationId: string) {
    const traceIds = messages.map((tapped) => parseTraceparent(String(tapped.headers.traceparent))?.traceId);
    expect(new Set(traceIds).size).toBe(1);
    const traceId = traceIds[0] ?? '';
    const trace = await receiver.waitForTrace(traceId, { until: spans, timeoutMs: 15_000 });
    for (const query of spans) {
      const [span] = findSpans(trace, query);
      expect(span, JSON.stringify(query)).toBeDefined();
      expect(span?.attributes['correlation.id']).toBe(correlationId);
    }
    for (const tapped of messages) {
      expect(tapped.headers['x-correlation-id']).toBe(correlationId);
      expect((tapped.json as { correlationId: string }).correlationId).toBe(correlationId);
    }
    return traceId;
  }

  it('confirms an order within the limit', async () => {
    const correlationId = correlation('confirm');
    const order = await place(5_000, correlationId);
    const final = await settled(order.id, (o) => o.status !== 'PENDING');
    expect(final).toMatchObject({ status: 'CONFIRMED', paymentStatus: 'AUTHORIZED' });
    const messages = [await message('order.created', order.id), await message('payment.authorized', order.id)];
    const server: SpanQuery = { kind: 'server', attributes: { 'http.route': '/orders' } };
    const traceId = await expectOneTrace(
      messages,
      [
        server,
        producer('order.created'),
        consumer('order.created'),
        producer('payment.authorized'),
        consumer('payment.authorized'),
      ],
      correlationId,
    );
    expect(tap.find({ topic: service.topic('payment.declined'), key: order.id })).toEqual([]);
    if (process.env.TRACEGATE_TEST_DATABASE_URL) {
      // On a PostgreSQL server the pg instrumentation adds the database calls to the same trace.
      const trace = await receiver.waitForTrace(traceId, { until: [{ type: 'database' }] });
      expect(findSpans(trace, { type: 'database', service: 'reference-service' }).length).toBeGreaterThan(3);
    }
  });

  it('rejects an order above the limit (payment declined → REJECTED)', async () => {
    const correlationId = correlation('decline');
    const order = await place(10_001, correlationId);
    const final = await settled(order.id, (o) => o.status !== 'PENDING');
    expect(final).toMatchObject({
      status: 'REJECTED',
      paymentStatus: 'DECLINED',
      statusReason: 'payment declined: amount_limit_exceeded',
    });
    const declined = await message('payment.declined', order.id);
    expect((declined.json as { reason: string }).reason).toBe('amount_limit_exceeded');
    await expectOneTrace(
      [await message('order.created', order.id), declined],
      [
        producer('order.created'),
        consumer('order.created'),
        producer('payment.declined'),
        consumer('payment.declined'),
      ],
      correlationId,
    );
  });

  it('refunds a confirmed order that is cancelled, in the cancel request trace', async () => {
    const order = await place(5_000, correlation('create'));
    await settled(order.id, (o) => o.status === 'CONFIRMED');
    const correlationId = correlation('cancel');
    const cancelled = await call<Order>(service.url, {
      method: 'POST',
      template: '/orders/{id}/cancel',
      path: `/orders/${order.id}/cancel`,
      body: { reason: 'changed my mind' },
      headers: { 'x-correlation-id': correlationId },
    });
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED', statusReason: 'changed my mind' });
    const final = await settled(order.id, (o) => o.paymentStatus === 'REFUNDED');
    expect(final.status).toBe('CANCELLED');
    const cancelledEvent = await message('order.cancelled', order.id);
    expect((cancelledEvent.json as { previousStatus: string }).previousStatus).toBe('CONFIRMED');
    const server: SpanQuery = { kind: 'server', attributes: { 'http.route': '/orders/:id/cancel' } };
    await expectOneTrace(
      [cancelledEvent, await message('payment.refunded', order.id)],
      [
        server,
        producer('order.cancelled'),
        consumer('order.cancelled'),
        producer('payment.refunded'),
        consumer('payment.refunded'),
      ],
      correlationId,
    );
  });

  it('ends a cancellation racing the payment decision with no money kept', async () => {
    const order = await place(5_000, correlation('race'));
    await call(service.url, { method: 'POST', template: '/orders/{id}/cancel', path: `/orders/${order.id}/cancel` });
    const final = await settled(order.id, (o) => o.paymentStatus === 'REFUNDED' || o.paymentStatus === 'DECLINED');
    expect(final.status).toBe('CANCELLED');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const authorized = tap.find({ topic: service.topic('payment.authorized'), key: order.id }).length;
    const refunded = tap.find({ topic: service.topic('payment.refunded'), key: order.id }).length;
    expect(refunded).toBe(authorized);
  });
});
