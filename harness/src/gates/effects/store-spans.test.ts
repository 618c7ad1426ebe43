import { type Context, context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  checkEffects,
  type OtlpReceiver,
  type Span,
  type SpanStore,
  scannedSpans,
  startOtlpReceiver,
  type TappedMessage,
} from '@tracegate/trace-assertions';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serverSpanStatusCheck } from './server-spans.ts';
import { consumerSpans, producerSpans } from './store-spans.ts';

const TRACES = 24;
const contracts = { messages: [{ topic: 'orders', traceContext: true }] };

function provider(service: string, url: string): BasicTracerProvider {
  return new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }), { scheduledDelayMillis: 60_000 })],
  });
}

// Per trace: a server span (every fourth a 404 marked ERROR), three internal steps, a producer and, in another
// service, the consumer of its message. Returns the message each producer sent.
function record(order: BasicTracerProvider, payment: BasicTracerProvider): TappedMessage[] {
  const messages: TappedMessage[] = [];
  for (let i = 0; i < TRACES; i += 1) {
    const status = i % 4 === 0 ? 404 : 201;
    const server = order.getTracer('t').startSpan('POST /orders', {
      kind: SpanKind.SERVER,
      attributes: { 'http.route': '/orders', 'http.response.status_code': status },
    });
    if (status === 404) server.setStatus({ code: SpanStatusCode.ERROR, message: 'not found' });
    const parent: Context = trace.setSpan(context.active(), server);
    for (let step = 1; step <= 3; step += 1) order.getTracer('t').startSpan(`step ${step}`, {}, parent).end();
    const producer = order.getTracer('t').startSpan('orders publish', { kind: SpanKind.PRODUCER }, parent);
    const { traceId, spanId } = producer.spanContext();
    const sent = trace.setSpan(context.active(), producer);
    payment.getTracer('t').startSpan('orders process', { kind: SpanKind.CONSUMER }, sent).end();
    producer.end();
    server.end();
    const traceparent = `00-${traceId}-${spanId}-01`;
    messages.push({
      topic: 'orders',
      partition: 0,
      offset: String(i),
      key: null,
      headers: { traceparent },
      value: '{}',
      timestamp: i,
    });
  }
  return messages;
}

let receiver: OtlpReceiver;
let messages: TappedMessage[];

beforeEach(async () => {
  receiver = await startOtlpReceiver({ httpPort: false });
  const order = provider('order-service', receiver.grpcEndpoint);
  const payment = provider('payment-service', receiver.grpcEndpoint);
  try {
    messages = record(order, payment);
    await Promise.all([order.forceFlush(), payment.forceFlush()]);
  } finally {
    await Promise.all([order.shutdown(), payment.shutdown()]);
  }
  expect(receiver.store.stats().spans).toBe(TRACES * 6);
});

afterEach(async () => {
  await receiver.close();
});

// The bytes the store counts: a span read from its request bytes adds its own while it stays kept.
const keptBytes = (store: SpanStore): number => store.stats().bytes;

describe('the effects gate reads of a receiver-fed store', () => {
  it('keeps only the producer spans the checked messages name', () => {
    const { store } = receiver;
    const unread = keptBytes(store);
    const found = producerSpans(store, messages, contracts);
    expect(found).toHaveLength(TRACES);
    expect(found.every((span) => span.kind === 'producer' && span.service === 'order-service')).toBe(true);
    const kept = keptBytes(store);
    expect(kept).toBeGreaterThan(unread);
    // Every producer span is kept already, and nothing else is.
    expect(store.find({ kind: 'producer' })).toHaveLength(TRACES);
    expect(keptBytes(store)).toBe(kept);
    store.spans();
    expect(keptBytes(store)).toBeGreaterThan(kept);
  });

  it('checks the messages as with every stored span', () => {
    const { store } = receiver;
    const unknown = {
      ...messages[0],
      offset: 'x',
      headers: { traceparent: `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01` },
    };
    const all = [...messages, unknown as TappedMessage];
    const narrowed = checkEffects({
      contracts,
      exchanges: [],
      messages: all,
      spans: producerSpans(store, all, contracts),
    });
    expect(narrowed.ok).toBe(false);
    expect(narrowed).toEqual(checkEffects({ contracts, exchanges: [], messages: all, spans: store.spans() }));
  });

  it('keeps none of the consumer spans it reads', () => {
    const { store } = receiver;
    const unread = keptBytes(store);
    const found = consumerSpans(store, 'payment-service');
    expect(found).toHaveLength(TRACES);
    expect(keptBytes(store)).toBe(unread);
    const all = store.spans().filter((span) => span.kind === 'consumer' && span.service === 'payment-service');
    const byId = (spans: readonly Span[]) => [...spans].sort((a, b) => a.spanId.localeCompare(b.spanId));
    expect(byId(found)).toEqual(byId(all));
  });

  it('checks server span statuses without keeping a span, as over every stored span', () => {
    const { store } = receiver;
    const unread = keptBytes(store);
    const check = serverSpanStatusCheck(scannedSpans(store));
    expect(keptBytes(store)).toBe(unread);
    expect(check.status).toBe('failed');
    expect(check).toEqual(serverSpanStatusCheck(store.spans()));
  });
});
