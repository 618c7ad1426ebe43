import { describe, expect, it } from 'vitest';
import { span } from '../query/builder.ts';
import { fixtureSpans, ORDER_FLOW } from '../test-support/fixtures.ts';
import './index.ts';

const spans = fixtureSpans('order-flow');
const trace = { traceId: ORDER_FLOW.traceId, spans: spans.filter((s) => s.traceId === ORDER_FLOW.traceId) };

describe('vitest matchers', () => {
  it('toContainSpan passes, negates and explains', () => {
    expect(trace).toContainSpan('span[kind="producer"] > span[kind="consumer"]');
    expect(spans).not.toContainSpan(span().service('inventory'));
    expect(() => expect(trace).toContainSpan({ service: 'payment-service', kind: 'producer' })).toThrow(
      /no span matches span\[service.name="payment-service" kind="producer"\][\s\S]*kind: expected producer, got consumer/,
    );
    expect(() => expect(trace).not.toContainSpan('span[kind="server"]')).toThrow(
      /expected no span to match span\[kind="server"\], but found 1/,
    );
  });

  it('toHaveSpanCount', () => {
    expect(trace).toHaveSpanCount('span[service.name="payment-service"]', 3);
    expect(spans).toHaveSpanCount({ kind: 'consumer' }, { atLeast: 2 });
    expect(() => expect(trace).toHaveSpanCount('span[kind="consumer"]', 2)).toThrow(
      /expected exactly 2 span\(s\) matching span\[kind="consumer"\], found 1/,
    );
  });

  it('toHaveCorrelationChain names the first broken hop', () => {
    const hops = [
      { kind: 'http-server', service: 'order-service' },
      { kind: 'kafka-publish', service: 'order-service', topic: 'orders.created' },
      { kind: 'kafka-consume', service: 'payment-service', topic: 'orders.created' },
    ] as const;
    expect(spans).toHaveCorrelationChain({ correlationId: 'corr-123', hops });
    expect(() =>
      expect(fixtureSpans('broken-propagation')).toHaveCorrelationChain({ correlationId: 'corr-456', hops }),
    ).toThrow(/correlation chain broken at hop 3 \(kafka-consume payment-service ← orders.created\)/);
  });
});
