import { describe, expect, it } from 'vitest';
import { captureLogs } from '../logs/capture-logs.ts';
import { createSpanStore } from '../store/span-store.ts';
import { fixtureSpans, fixtureText, ORDER_FLOW, orderFlowMessage } from '../test-support/fixtures.ts';
import type { Span } from '../types.ts';
import { chainSpans } from './chain-spans.ts';
import { checkCorrelationChain } from './check-correlation-chain.ts';
import type { CorrelationChainOptions, Hop } from './types.ts';

// Other requests through the same services, routes and topics: new trace ids, span ids and correlation ids.
function otherRequests(spans: readonly Span[], count: number): Span[] {
  return Array.from({ length: count }, (_, n) =>
    spans.map((s) => ({
      ...s,
      traceId: `${(n + 16).toString(16)}${s.traceId.slice(2)}`,
      links: s.links.map((l) => ({ ...l, traceId: `${(n + 16).toString(16)}${l.traceId.slice(2)}` })),
      attributes: Object.fromEntries(
        Object.entries(s.attributes).map(([k, v]) => [k, k.includes('correlation') ? `corr-other-${n}` : v]),
      ),
    })),
  ).flat();
}

const orderFlow = fixtureSpans('order-flow');
const broken = fixtureSpans('broken-propagation');
const logs = captureLogs(fixtureText('logs/order-flow.ndjson').split('\n'));
const message = orderFlowMessage();
const hops: Hop[] = [
  { kind: 'http-server', service: 'order-service', method: 'POST', route: '/orders' },
  { kind: 'kafka-publish', service: 'order-service', topic: 'orders.created' },
  { kind: 'kafka-consume', service: 'payment-service', topic: 'orders.created' },
  { kind: 'log', service: 'payment-service', message: 'processing order' },
  { kind: 'span', query: 'span[name="payments.authorize" payment.attempt=2 status="ok"]' },
];

function verdicts(options: CorrelationChainOptions) {
  const result = checkCorrelationChain(options);
  return {
    ok: result.ok,
    traceIds: result.traceIds,
    hops: result.hops.map((h) => [h.status, h.evidence.spanIds, h.settled ?? false]),
  };
}

describe('checkCorrelationChain over a store shared with other requests', () => {
  it.each([
    ['the order flow, from its correlation id', orderFlow, { correlationId: 'corr-123' }],
    ['the order flow, from its trace id', orderFlow, { traceId: ORDER_FLOW.traceId }],
    ['the consumer that lost the trace context', broken, { correlationId: 'corr-456' }],
  ])('%s: the same verdict as over the request spans alone', (_label, spans, start) => {
    const store = createSpanStore();
    store.add(otherRequests(orderFlow, 20));
    store.add(spans);
    store.add(otherRequests(broken, 20));
    const options = { ...start, hops, logs, messages: [message] };
    expect(verdicts({ ...options, spans: store })).toEqual(verdicts({ ...options, spans }));
  });

  it('names at most three spans that match a hop outside the chain, found in the store', () => {
    const store = createSpanStore();
    store.add(broken);
    store.add(otherRequests(orderFlow, 20));
    const reason = checkCorrelationChain({ correlationId: 'corr-456', hops: hops.slice(0, 3), spans: store })
      .firstBroken?.reason as string;
    expect(reason).toContain('trace context was not propagated');
    expect(reason).toContain('span=e000000000000001');
    expect(reason.split('\n').filter((line) => line.startsWith('  - '))).toHaveLength(3);
  });
});

describe('chainSpans', () => {
  const store = createSpanStore();
  store.add(orderFlow);
  store.add(otherRequests(orderFlow, 5));
  const all = store.spans();

  it.each([
    ['a store', chainSpans(store)],
    ['a list', chainSpans(all)],
  ])('over %s: the spans of one trace and the spans carrying a correlation id, in start-time order', (_l, spans) => {
    expect(spans.trace(ORDER_FLOW.traceId).map((s) => s.spanId)).toEqual(
      orderFlow.filter((s) => s.traceId === ORDER_FLOW.traceId).map((s) => s.spanId),
    );
    const carrying = spans.carrying(['correlation.id', 'app.correlation_id'], 'corr-123');
    expect(carrying.map((s) => `${s.traceId.slice(0, 4)} ${s.spanId}`)).toEqual([
      '4bf9 a000000000000001',
      '4bf9 a000000000000004',
      '4bf9 b000000000000001',
      '5bf9 c000000000000002',
    ]);
    expect(spans.find({ kind: 'producer' }, 2)).toHaveLength(2);
  });

  it('reads a correlation id from the first attribute present, as the chain does', () => {
    const tagged = { ...(orderFlow[0] as Span), attributes: { 'correlation.id': 'a', 'app.correlation_id': 'b' } };
    const spans = chainSpans([tagged]);
    expect(spans.carrying(['correlation.id', 'app.correlation_id'], 'b')).toEqual([]);
    expect(spans.carrying(['app.correlation_id'], 'b')).toEqual([tagged]);
  });
});
