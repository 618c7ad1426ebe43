import { SpanKind } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { findSpans } from '../query/find-spans.ts';
import { createTestTracer, startChild } from '../test-support/otel-sdk.ts';
import { createInMemorySpanExporter } from './in-memory-span-exporter.ts';

describe('createInMemorySpanExporter', () => {
  it('feeds SDK spans into a store with the same normalized model as the receiver', async () => {
    const exporter = createInMemorySpanExporter();
    const sdk = createTestTracer('memory-service', exporter);
    const root = sdk.tracer.startSpan('GET /health', {
      kind: SpanKind.SERVER,
      attributes: { 'http.response.status_code': 200 },
    });
    const child = startChild(sdk.tracer, 'check db', root, { kind: SpanKind.CLIENT });
    child.addEvent('ping', { attempt: 1 });
    child.end();
    root.end();
    await sdk.flush();
    const trace = exporter.store.trace(root.spanContext().traceId);
    const [server] = findSpans(trace?.spans ?? [], 'span[kind="server" service.name="memory-service"]');
    const [client] = findSpans(trace?.spans ?? [], { kind: 'client', parent: { kind: 'server' } });
    expect(server).toMatchObject({ name: 'GET /health', attributes: { 'http.response.status_code': 200 } });
    expect(client).toMatchObject({
      parentSpanId: server?.spanId,
      events: [{ name: 'ping', attributes: { attempt: 1 } }],
    });
    expect(client?.startTimeUnixNano).toMatch(/^\d{19}$/);
    await sdk.shutdown();
  });

  it('refuses spans after shutdown', async () => {
    const exporter = createInMemorySpanExporter();
    await exporter.shutdown();
    const code = await new Promise<number>((resolve) => exporter.export([], (result) => resolve(result.code)));
    expect(code).toBe(1);
  });
});
