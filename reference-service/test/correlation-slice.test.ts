import { randomBytes } from 'node:crypto';
import type { KafkaTap, OtlpReceiver } from '@tracegate/trace-assertions';
import { findSpans, parseTraceparent, startOtlpReceiver, tapKafka } from '@tracegate/trace-assertions';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { orderBody, request } from './support/http.ts';
import type { ServiceUnderTest } from './support/service-process.ts';
import { startReferenceService } from './support/service-process.ts';

describe('correlation slice: HTTP → outbox → Kafka → payment consumer', () => {
  let receiver: OtlpReceiver;
  let tap: KafkaTap;
  let service: ServiceUnderTest;

  beforeAll(async () => {
    const brokers = inject('kafkaBrokers');
    receiver = await startOtlpReceiver({ httpPort: false });
    service = await startReferenceService({
      brokers,
      label: 'slice',
      sharedTopics: true,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.grpcEndpoint },
    });
    // After the service is ready: it creates its topics (a broker may not auto-create them).
    tap = await tapKafka({ brokers, topics: ['order.created'] });
  });

  afterAll(async () => {
    await service?.stop();
    await tap?.stop();
    await receiver?.close();
  });

  it('carries one trace id and one correlation id through every hop', async () => {
    const correlationId = `slice-${randomBytes(6).toString('hex')}`;
    const response = await request(`${service.url}/orders`, {
      body: orderBody(),
      headers: { 'x-correlation-id': correlationId },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-correlation-id')).toBe(correlationId);
    const orderId = (response.body as { id: string }).id;

    const message = await tap.waitFor({ topic: 'order.created', key: orderId }, { timeoutMs: 15_000 });
    expect(message.headers['x-correlation-id']).toBe(correlationId);
    expect((message.json as { correlationId: string }).correlationId).toBe(correlationId);
    const traceparent = parseTraceparent(String(message.headers.traceparent));
    expect(traceparent).toBeDefined();
    const traceId = traceparent?.traceId ?? '';

    const server = { kind: 'server' as const, attributes: { 'http.route': '/orders' } };
    const producer = { kind: 'producer' as const, attributes: { 'messaging.destination.name': 'order.created' } };
    const consumer = { kind: 'consumer' as const, attributes: { 'messaging.destination.name': 'order.created' } };
    const trace = await receiver.waitForTrace(traceId, { until: [server, producer, consumer], timeoutMs: 15_000 });
    for (const query of [server, producer, consumer]) {
      const [span] = findSpans(trace, query);
      expect(span?.traceId).toBe(traceId);
      expect(span?.attributes['correlation.id']).toBe(correlationId);
    }
    const [producerSpan] = findSpans(trace, producer);
    expect(traceparent?.parentId).toBe(producerSpan?.spanId);

    const line = await service.logs.waitFor({ traceId, message: 'payment authorized' }, { timeoutMs: 15_000 });
    expect(line.json).toMatchObject({
      trace_id: traceId,
      correlation_id: correlationId,
      'service.name': 'reference-service',
      orderId,
      level: 'info',
    });
    expect(line.spanId).toBe(findSpans(trace, consumer)[0]?.spanId);
  });
});
