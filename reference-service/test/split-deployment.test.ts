import { randomBytes } from 'node:crypto';
import type { OtlpReceiver } from '@tracegate/trace-assertions';
import { findSpans, startOtlpReceiver } from '@tracegate/trace-assertions';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, orderBody, request } from './support/http.ts';
import type { ServiceUnderTest } from './support/service-process.ts';
import { startReferenceService, uniquePrefix } from './support/service-process.ts';

describe('one process per context (CONTEXTS=order / CONTEXTS=payment)', () => {
  let receiver: OtlpReceiver;
  let order: ServiceUnderTest;
  let payment: ServiceUnderTest;

  beforeAll(async () => {
    const brokers = inject('kafkaBrokers');
    const prefix = uniquePrefix('split');
    receiver = await startOtlpReceiver({ httpPort: false });
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.grpcEndpoint, KAFKA_TOPIC_PREFIX: prefix };
    [order, payment] = await Promise.all([
      startReferenceService({ brokers, label: 'split-order', groupPrefix: prefix, env: { ...env, CONTEXTS: 'order' } }),
      startReferenceService({
        brokers,
        label: 'split-payment',
        groupPrefix: prefix,
        env: { ...env, CONTEXTS: 'payment' },
      }),
    ]);
  });

  afterAll(async () => {
    await order?.stop();
    await payment?.stop();
    await receiver?.close();
  });

  it('runs the saga across two processes in one trace, each with its own service name', async () => {
    const correlationId = `split-${randomBytes(4).toString('hex')}`;
    const created = await request(`${order.url}/orders`, {
      body: orderBody(),
      headers: { 'x-correlation-id': correlationId },
    });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    await eventually(
      async () =>
        ((await request(`${order.url}/orders/${id}`)).body as { status: string }).status === 'CONFIRMED' || undefined,
      { what: `order ${id} confirmed` },
    );
    const line = await payment.logs.waitFor({ message: 'payment authorized', fields: { orderId: id } });
    expect(line.service).toBe('payment-service');
    expect(line.correlationId).toBe(correlationId);
    const trace = await receiver.waitForTrace(line.traceId ?? '', {
      until: [
        { service: 'order-service', kind: 'server' },
        { service: 'payment-service', kind: 'consumer' },
        { service: 'order-service', kind: 'consumer' },
      ],
    });
    expect(findSpans(trace, { service: 'payment-service', kind: 'producer' })).not.toEqual([]);
    expect((await request(`${payment.url}/orders`)).status).toBe(404);
    const ready = (await request(`${payment.url}/health/ready`)).body as { checks: Record<string, unknown> };
    expect(Object.keys(ready.checks).sort()).toEqual([
      'broker',
      'payment.consumer',
      'payment.database',
      'payment.outbox',
    ]);
  });
});
