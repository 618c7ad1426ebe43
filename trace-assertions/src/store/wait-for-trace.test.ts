import { describe, expect, it } from 'vitest';
import { isTraceAssertionError } from '../errors.ts';
import { fixtureSpans, ORDER_FLOW } from '../test-support/fixtures.ts';
import { createSpanStore } from './span-store.ts';

const spans = fixtureSpans('order-flow');
const orderSpans = spans.filter((s) => s.service === 'order-service');
const paymentSpans = spans.filter((s) => s.service === 'payment-service' && s.traceId === ORDER_FLOW.traceId);

describe('waitForTrace', () => {
  it('resolves when later spans satisfy every until query, without polling', async () => {
    const store = createSpanStore();
    store.add(orderSpans);
    const waiting = store.waitForTrace(ORDER_FLOW.traceId, {
      until: ['span[kind="producer"] > span[service.name="payment-service" kind="consumer"]'],
      timeoutMs: 2000,
      settleMs: 30,
    });
    setTimeout(() => store.add(paymentSpans), 20);
    const trace = await waiting;
    expect(trace.spans).toHaveLength(7);
  });

  it('waits for the trace to settle before resolving', async () => {
    const store = createSpanStore();
    const started = Date.now();
    const waiting = store.waitForTrace(ORDER_FLOW.traceId, { timeoutMs: 2000, settleMs: 100 });
    store.add(orderSpans.slice(0, 1));
    setTimeout(() => store.add(orderSpans.slice(1)), 60);
    const trace = await waiting;
    expect(trace.spans).toHaveLength(4);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('finds the trace by a selector or a span predicate', async () => {
    const store = createSpanStore();
    store.add(spans);
    const bySelector = await store.waitForTrace('span[app.correlation_id="corr-123" kind="server"]', { settleMs: 0 });
    const byPredicate = await store.waitForTrace((s) => s.links.length > 0, { settleMs: 0 });
    expect(bySelector.traceId).toBe(ORDER_FLOW.traceId);
    expect(byPredicate.traceId).toBe(ORDER_FLOW.batchTraceId);
  });

  it('times out with TRACE_TIMEOUT showing the spans seen and why the nearest candidates missed', async () => {
    const store = createSpanStore();
    store.add(orderSpans);
    const error = await store
      .waitForTrace(ORDER_FLOW.traceId, {
        until: ['span[service.name="payment-service" kind="consumer"]'],
        timeoutMs: 50,
      })
      .catch((e: unknown) => e);
    expect(isTraceAssertionError(error, 'TRACE_TIMEOUT')).toBe(true);
    expect((error as Error).message).toMatchInlineSnapshot(`
      "trace 4bf92f3577b34da6a3ce929d0e0e4736 not complete after 50 ms
      spans seen for trace 4bf92f3577b34da6a3ce929d0e0e4736 (4):
        - order-service server "POST /orders" span=a000000000000001 parent=- 120ms
        - order-service internal "orders.create" span=a000000000000002 parent=a000000000000001 95ms
        - order-service client "INSERT orders" span=a000000000000003 parent=a000000000000002 20ms
        - order-service producer "orders.created publish" span=a000000000000004 parent=a000000000000002 20ms
      unmatched: span[service.name="payment-service" kind="consumer"]
        nearest candidates:
          - order-service server "POST /orders" span=a000000000000001 parent=- 120ms
              service.name: expected = "payment-service", got "order-service"
              kind: expected consumer, got server
          - order-service internal "orders.create" span=a000000000000002 parent=a000000000000001 95ms
              service.name: expected = "payment-service", got "order-service"
              kind: expected consumer, got internal
          - order-service client "INSERT orders" span=a000000000000003 parent=a000000000000002 20ms
              service.name: expected = "payment-service", got "order-service"
              kind: expected consumer, got client
      store: 4 spans in 1 traces; 0 traces (0 spans) evicted (maxSpans 100000)"
    `);
  });

  it('says when the awaited trace was evicted', async () => {
    const store = createSpanStore({ maxSpans: 4 });
    store.add(orderSpans);
    store.add(orderSpans.map((s) => ({ ...s, traceId: 'f'.repeat(32) })));
    const error = await store.waitForTrace(ORDER_FLOW.traceId, { timeoutMs: 20 }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('was EVICTED');
    expect((error as Error).message).toContain('1 traces (4 spans) evicted (maxSpans 4)');
  });

  it('rejects with the abort reason when the signal fires', async () => {
    const store = createSpanStore();
    const controller = new AbortController();
    const waiting = store.waitForTrace(ORDER_FLOW.traceId, { signal: controller.signal, timeoutMs: 5000 });
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });
});
