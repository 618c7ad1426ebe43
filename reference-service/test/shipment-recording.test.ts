import { randomBytes, randomUUID } from 'node:crypto';
import type { ShipmentScheduledPayload } from '@tracegate/contracts';
import { asyncapiMessage } from '@tracegate/contracts';
import type { KafkaTap, OtlpReceiver } from '@tracegate/trace-assertions';
import { findSpans, startOtlpReceiver, tapKafka } from '@tracegate/trace-assertions';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call } from './support/api-client.ts';
import { eventually, orderBody, request } from './support/http.ts';
import { testProducer } from './support/kafka-producer.ts';
import type { ServiceUnderTest } from './support/service-process.ts';
import { startReferenceService } from './support/service-process.ts';

interface Shipment {
  shipmentId: string;
  carrier: string;
  scheduledFor: string;
}

// The shipping service's event as its own AsyncAPI example writes it, aimed at one order.
const example = asyncapiMessage('shipment.scheduled').examples[0];

function shipmentEvent(orderId: string, overrides: { carrier?: string } = {}) {
  const correlationId = `ship-${randomBytes(5).toString('hex')}`;
  const traceId = randomBytes(16).toString('hex');
  const parentSpanId = randomBytes(8).toString('hex');
  const payload = {
    ...(example?.payload as ShipmentScheduledPayload),
    shipmentId: randomUUID(),
    orderId,
    carrier: overrides.carrier ?? 'freight',
    correlationId,
  };
  const headers = {
    ...(example?.headers as Record<string, string>),
    traceparent: `00-${traceId}-${parentSpanId}-01`,
    'x-correlation-id': correlationId,
    ce_id: randomUUID(),
  };
  return { payload, headers, correlationId, traceId, parentSpanId };
}

describe('order context records shipments from shipment.scheduled', () => {
  let service: ServiceUnderTest;
  let receiver: OtlpReceiver;
  let tap: KafkaTap;
  let producer: Awaited<ReturnType<typeof testProducer>>;
  const brokers = inject('kafkaBrokers');

  beforeAll(async () => {
    receiver = await startOtlpReceiver({ httpPort: false });
    service = await startReferenceService({
      brokers,
      label: 'shipment',
      env: { CONTEXTS: 'order', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.grpcEndpoint, OTEL_BSP_SCHEDULE_DELAY: '200' },
    });
    tap = await tapKafka({ brokers, topics: [service.topic('shipment.scheduled.dlq')] });
    producer = await testProducer(brokers);
  });

  afterAll(async () => {
    await producer?.close();
    await tap?.stop();
    await service?.stop();
    await receiver?.close();
  });

  async function placeOrder(): Promise<string> {
    const { status, body } = await call<{ id: string }>(service.url, {
      method: 'POST',
      template: '/orders',
      body: orderBody(),
    });
    expect(status).toBe(201);
    return body.id;
  }

  async function publish(event: ReturnType<typeof shipmentEvent>, value = JSON.stringify(event.payload)) {
    const key = String(event.payload.orderId);
    await producer.send({
      topic: service.topic('shipment.scheduled'),
      messages: [{ key, value, headers: event.headers }],
    });
  }

  function shipmentOf(orderId: string): Promise<Shipment> {
    return eventually(
      async () => ((await request(`${service.url}/orders/${orderId}`)).body as { shipment?: Shipment }).shipment,
      { what: `order ${orderId} to show its shipment`, timeoutMs: 20_000 },
    );
  }

  it('records the shipment on the order, logs it with the correlation id, in the producer trace', async () => {
    const orderId = await placeOrder();
    const before = (await request(`${service.url}/orders/${orderId}`)).body as Record<string, unknown>;
    expect(before).not.toHaveProperty('shipment');
    const event = shipmentEvent(orderId);
    await publish(event);
    expect(await shipmentOf(orderId)).toEqual({
      shipmentId: event.payload.shipmentId,
      carrier: 'freight',
      scheduledFor: event.payload.scheduledFor,
    });
    const line = await service.logs.waitFor(
      { message: 'order shipment recorded', correlationId: event.correlationId },
      { timeoutMs: 15_000 },
    );
    expect(line.traceId).toBe(event.traceId);
    const consumer = {
      kind: 'consumer',
      attributes: { 'messaging.destination.name': service.topic('shipment.scheduled') },
    } as const;
    const trace = await receiver.waitForTrace(event.traceId, { until: [consumer], timeoutMs: 15_000 });
    expect(findSpans(trace, consumer)[0]?.parentSpanId).toBe(event.parentSpanId);
  });

  it('applies the same event only once (idempotent by event id)', async () => {
    const orderId = await placeOrder();
    const event = shipmentEvent(orderId);
    await publish(event);
    await shipmentOf(orderId);
    // Same event id, another shipment id: only de-duplication by event id keeps the first shipment.
    await publish({ ...event, payload: { ...event.payload, shipmentId: randomUUID() } });
    await service.logs.waitFor(
      { message: 'duplicate event skipped', fields: { eventId: event.headers.ce_id } },
      { timeoutMs: 15_000 },
    );
    expect((await shipmentOf(orderId)).shipmentId).toBe(event.payload.shipmentId);
    expect(service.logs.find({ message: 'order shipment recorded', fields: { orderId } })).toHaveLength(1);
  });

  it('logs and ignores a shipment for an order it does not know', async () => {
    const orderId = randomUUID();
    const event = shipmentEvent(orderId);
    await publish(event);
    const line = await service.logs.waitFor(
      { message: 'shipment for an unknown order ignored', fields: { orderId } },
      { timeoutMs: 15_000 },
    );
    expect(line.level).toBe('warn');
    expect((await request(`${service.url}/orders/${orderId}`)).status).toBe(404);
    // A later, valid shipment is still consumed: the unknown one neither failed nor blocked the partition.
    const known = await placeOrder();
    await publish(shipmentEvent(known));
    await shipmentOf(known);
    expect(tap.find({ topic: service.topic('shipment.scheduled.dlq'), key: orderId })).toHaveLength(0);
  });

  it('dead-letters a shipment that violates the AsyncAPI schema', async () => {
    const orderId = await placeOrder();
    const event = shipmentEvent(orderId, { carrier: 'pigeon' });
    await publish(event);
    const dead = await tap.waitFor(
      { topic: service.topic('shipment.scheduled.dlq'), key: orderId },
      { timeoutMs: 15_000 },
    );
    expect(dead.headers['x-dlq-reason']).toMatch(/^invalid-message: \/payload\/carrier /);
    expect(dead.headers['x-dlq-original-topic']).toBe(service.topic('shipment.scheduled'));
    const order = (await request(`${service.url}/orders/${orderId}`)).body as Record<string, unknown>;
    expect(order).not.toHaveProperty('shipment');
  });
});
