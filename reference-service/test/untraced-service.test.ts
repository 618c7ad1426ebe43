import { randomBytes } from 'node:crypto';
import type { KafkaTap } from '@tracegate/trace-assertions';
import { parseTraceparent, tapKafka } from '@tracegate/trace-assertions';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventProblems } from './support/contract-validators.ts';
import { eventually, orderBody, request } from './support/http.ts';
import type { ServiceUnderTest } from './support/service-process.ts';
import { startReferenceService } from './support/service-process.ts';

const topics = ['order.created', 'payment.authorized'];

describe('the service started without the telemetry preload', () => {
  let tap: KafkaTap;
  let service: ServiceUnderTest;

  beforeAll(async () => {
    const brokers = inject('kafkaBrokers');
    service = await startReferenceService({ brokers, label: 'untraced', telemetryPreload: false });
    tap = await tapKafka({ brokers, topics: topics.map((topic) => service.topic(topic)) });
  });

  afterAll(async () => {
    await service?.stop();
    await tap?.stop();
  });

  it('publishes contract-valid events with an unsampled traceparent, so the saga confirms the order', async () => {
    const correlationId = `untraced-${randomBytes(5).toString('hex')}`;
    const created = await request(`${service.url}/orders`, {
      body: orderBody(2_500),
      headers: { 'x-correlation-id': correlationId },
    });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    const final = await eventually(
      async () => {
        const order = (await request(`${service.url}/orders/${id}`)).body as { status: string };
        return order.status === 'PENDING' ? undefined : order;
      },
      { what: `order ${id} to settle`, timeoutMs: 20_000 },
    );
    expect(final).toMatchObject({ status: 'CONFIRMED', paymentStatus: 'AUTHORIZED' });
    for (const topic of topics) {
      const message = await tap.waitFor({ topic: service.topic(topic), key: id }, { timeoutMs: 15_000 });
      expect(eventProblems({ ...message, topic }), `${topic} against asyncapi.yaml`).toEqual([]);
      expect(message.headers['x-correlation-id']).toBe(correlationId);
      expect(parseTraceparent(String(message.headers.traceparent))?.flags).toBe('00');
    }
    expect(service.logs.find({ message: 'message dead-lettered' })).toEqual([]);
  });
});
