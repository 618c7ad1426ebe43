import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { endProducerSpans, tracedRecord, withoutSendSpans } from './producer-spans.ts';

describe('outbox producer spans', () => {
  const ended: ReadableSpan[] = [];
  const collector: SpanProcessor = {
    onStart: () => undefined,
    onEnd: (span) => void ended.push(span),
    forceFlush: async () => undefined,
    shutdown: async () => undefined,
  };
  const provider = new TracerProvider({ spanProcessors: [collector] });
  const writer = provider.getTracer('writer');

  /** Headers as the outbox writer stores them: written inside a request span of its own trace. */
  function storedHeaders(correlationId: string): { headers: Record<string, string>; spanId: string; traceId: string } {
    const span = writer.startSpan(`request ${correlationId}`);
    const headers: Record<string, string> = { 'x-correlation-id': correlationId, ce_id: `id-${correlationId}` };
    propagation.inject(trace.setSpan(context.active(), span), headers);
    span.end();
    return { headers, ...span.spanContext() };
  }

  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
  });
  afterAll(() => {
    trace.disable();
    propagation.disable();
    context.disable();
  });
  beforeEach(() => {
    ended.length = 0;
  });

  const producerSpans = () => ended.filter((span) => span.kind === SpanKind.PRODUCER);

  it("starts each row's producer span as a child of the span that wrote it and sends that span's context", () => {
    const rows = [storedHeaders('req-1'), storedHeaders('req-2')];
    const traced = rows.map((row, index) =>
      tracedRecord({ topic: 'order.created', key: `o-${index}`, value: '{}', headers: row.headers }),
    );
    endProducerSpans(traced);
    const producers = producerSpans();
    expect(producers).toHaveLength(2);
    for (const [index, row] of rows.entries()) {
      const span = producers.find((candidate) => candidate.attributes['correlation.id'] === `req-${index + 1}`);
      expect(span?.name).toBe('send order.created');
      expect(span?.spanContext().traceId).toBe(row.traceId);
      expect(span?.parentSpanContext?.spanId).toBe(row.spanId);
      expect(span?.attributes).toMatchObject({
        'messaging.system': 'kafka',
        'messaging.destination.name': 'order.created',
        'messaging.kafka.message.key': `o-${index}`,
      });
      const headers = traced[index]?.record.headers as Record<string, string>;
      expect(headers.traceparent).toBe(`00-${row.traceId}-${span?.spanContext().spanId}-01`);
      expect(headers).toMatchObject({ 'x-correlation-id': `req-${index + 1}`, ce_id: `id-req-${index + 1}` });
    }
  });

  it('marks every span of a failed send as an error', () => {
    const traced = [tracedRecord({ topic: 't', key: 'k', value: '{}', headers: storedHeaders('req-3').headers })];
    endProducerSpans(traced, new Error('broker down'));
    const [span] = producerSpans();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'broker down' });
  });

  it('lets no span started during the send replace the headers it carries', async () => {
    const [{ record }] = [tracedRecord({ topic: 't', key: 'k', value: '{}', headers: storedHeaders('req-4').headers })];
    // What the kafkajs instrumentation does for every message of a batch: a span in the active context, injected.
    const instrumented = await withoutSendSpans(async () => {
      const span = provider.getTracer('kafkajs').startSpan('send t', { kind: SpanKind.PRODUCER });
      const headers = { ...record.headers } as Record<string, string>;
      propagation.inject(trace.setSpan(context.active(), span), headers);
      span.end();
      return { headers, recording: span.isRecording() };
    });
    expect(instrumented.recording).toBe(false);
    expect(instrumented.headers.traceparent).toBe((record.headers as Record<string, string>).traceparent);
  });
});
