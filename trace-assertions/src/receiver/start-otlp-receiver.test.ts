import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as HttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as HttpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSpans } from '../query/find-spans.ts';
import { createTestTracer, startChild } from '../test-support/otel-sdk.ts';
import { type OtlpReceiver, startOtlpReceiver } from './start-otlp-receiver.ts';

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  await receiver.close();
});

const exporters = {
  grpc: () => new GrpcExporter({ url: receiver.grpcEndpoint }),
  'http/protobuf': () => new HttpProtoExporter({ url: receiver.httpTracesUrl }),
  'http/json': () => new HttpJsonExporter({ url: receiver.httpTracesUrl }),
} as const;

describe('startOtlpReceiver with the real OpenTelemetry SDK', () => {
  it('reads back ephemeral ports as endpoints', () => {
    expect(receiver.grpcEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(receiver.httpEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(receiver.grpcPort).not.toBe(0);
  });

  it.each(Object.keys(exporters) as Array<keyof typeof exporters>)(
    'receives and normalizes spans over %s',
    async (protocol) => {
      const sdk = createTestTracer(`svc-${protocol}`, exporters[protocol]());
      const root = sdk.tracer.startSpan('POST /orders', {
        kind: SpanKind.SERVER,
        attributes: { 'http.response.status_code': 201, 'app.correlation_id': `c-${protocol}`, ratio: 0.5, ok: true },
      });
      const traceId = root.spanContext().traceId;
      const producer = startChild(sdk.tracer, 'orders.created publish', root, {
        kind: SpanKind.PRODUCER,
        links: [{ context: root.spanContext(), attributes: { why: 'test' } }],
      });
      producer.addEvent('sent', { 'messaging.message.id': 'm1' });
      producer.setStatus({ code: SpanStatusCode.ERROR, message: 'broker said no' });
      producer.end();
      root.end();
      await sdk.flush();

      const trace = await receiver.waitForTrace(traceId, {
        until: [{ kind: 'server' }, { kind: 'producer', parent: { kind: 'server' } }],
        timeoutMs: 5000,
        settleMs: 20,
      });
      const [server] = findSpans(trace, { kind: 'server' });
      expect(server).toMatchObject({
        traceId,
        name: 'POST /orders',
        service: `svc-${protocol}`,
        resource: { 'service.name': `svc-${protocol}`, 'service.version': '1.2.3' },
        scope: { name: 'tracegate-test', version: '0.0.1' },
        status: { code: 'unset', message: '' },
        attributes: { 'http.response.status_code': 201, 'app.correlation_id': `c-${protocol}`, ratio: 0.5, ok: true },
      });
      expect(server?.parentSpanId).toBeUndefined();
      expect(server?.startTimeUnixNano).toMatch(/^\d{19}$/);
      expect(server?.durationMs).toBeGreaterThanOrEqual(0);
      const [sent] = findSpans(trace, { kind: 'producer' });
      expect(sent).toMatchObject({
        parentSpanId: server?.spanId,
        status: { code: 'error', message: 'broker said no' },
        events: [{ name: 'sent', attributes: { 'messaging.message.id': 'm1' } }],
        links: [{ traceId, spanId: server?.spanId, attributes: { why: 'test' } }],
      });
      await sdk.shutdown();
    },
  );
});
