import { describe, expect, it } from 'vitest';
import type { KafkaTap } from '../kafka/tap-kafka.ts';
import type { TappedMessage } from '../kafka/types.ts';
import { createSpanStore, type SpanStore } from '../store/span-store.ts';
import { fixtureSpans, ORDER_FLOW, orderFlowMessage } from '../test-support/fixtures.ts';
import type { Span } from '../types.ts';
import type { Hop } from './types.ts';
import { waitForChainEnding, waitForChainVerdict } from './wait-for-chain.ts';

const spans = fixtureSpans('order-flow');
const hops: Hop[] = [
  { kind: 'http-server', service: 'order-service', method: 'POST', route: '/orders' },
  { kind: 'kafka-publish', service: 'order-service', topic: 'orders.created' },
  { kind: 'kafka-consume', service: 'payment-service', topic: 'orders.created' },
];
const header = { topic: 'orders.created', partition: 0, offset: '7', key: 'o-1', value: '{}', json: {}, timestamp: 1 };
// Arrived and contradicts the publish hop: waiting cannot repair a message sent without traceparent.
const withoutTraceparent = [{ ...header, headers: { 'x-correlation-id': 'corr-123' } }];

function storeOf(list: readonly Span[]): SpanStore {
  const store = createSpanStore();
  store.add(list);
  return store;
}

/** Spans of another trace arriving every few ms: traffic that changes nothing about the chain. */
function noise(store: SpanStore): () => void {
  let n = 0;
  const other = spans[0] as Span;
  const timer = setInterval(() => {
    n += 1;
    const attributes = { ...other.attributes, 'correlation.id': 'another-request' };
    store.add([{ ...other, traceId: 'f'.repeat(32), spanId: n.toString(16).padStart(16, '0'), attributes }]);
  }, 5);
  return () => clearInterval(timer);
}

/** A tap of recorded messages that `push` adds to, telling its listeners as a real tap does. */
function fakeTap(initial: readonly TappedMessage[] = []): KafkaTap & { push(message: TappedMessage): void } {
  const recorded = [...initial];
  const listeners = new Set<(message: TappedMessage) => void>();
  const tap = {
    messages: () => [...recorded],
    onMessage: (listener: (message: TappedMessage) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    push: (message: TappedMessage) => {
      recorded.push(message);
      for (const listener of listeners) listener(message);
    },
  };
  return tap as unknown as KafkaTap & { push(message: TappedMessage): void };
}

/** The promise's value and how long it took, in ms. */
async function timed<T>(promise: Promise<T>): Promise<{ ending: T; waited: number }> {
  const started = performance.now();
  const ending = await promise;
  return { ending, waited: performance.now() - started };
}

describe('waitForChainVerdict', () => {
  it('resolves ok once the evidence arrives and held for settleMs', async () => {
    const store = createSpanStore();
    const waiting = waitForChainVerdict(
      { correlationId: 'corr-123', hops, spans: store },
      { timeoutMs: 5000, settleMs: 10 },
    );
    setTimeout(() => store.add(spans), 20);
    const result = await waiting;
    expect(result.ok).toBe(true);
    expect(result.traceIds).toEqual([ORDER_FLOW.traceId]);
  });

  // Without fail-fast the wait would run into its ten-minute timeout: the test's own timeout is what fails then.
  it('resolves with the broken verdict once a settled failure held for failFastMs, despite unrelated traffic', {
    timeout: 15_000,
  }, async () => {
    const store = storeOf(spans);
    const stop = noise(store);
    try {
      const result = await waitForChainVerdict(
        { correlationId: 'corr-123', hops, spans: store, messages: withoutTraceparent },
        { timeoutMs: 600_000, failFastMs: 50, settleMs: 100 },
      );
      expect(result.ok).toBe(false);
      expect(result.firstBroken).toMatchObject({ index: 1, settled: true });
      expect(result.firstBroken?.reason).toContain('has no traceparent header');
    } finally {
      stop();
    }
  });

  it('resolves with the verdict at the timeout while evidence is missing', async () => {
    const store = storeOf(spans.filter((s) => s.service === 'order-service'));
    const result = await waitForChainVerdict(
      { correlationId: 'corr-123', hops, spans: store },
      { timeoutMs: 80, failFastMs: 5 },
    );
    expect(result.firstBroken?.index).toBe(2);
    expect(result.firstBroken?.settled).toBeUndefined();
  });

  // The server span ended before the request was answered: past the declared export delay it is not coming.
  it("resolves broken once an answered request's server span is missing past exportDelayMs, not at the timeout", {
    timeout: 15_000,
  }, async () => {
    const withoutServer = spans.filter((s) => s.kind !== 'server');
    const store = storeOf(withoutServer);
    const stop = noise(store);
    try {
      const { ending, waited } = await timed(
        waitForChainEnding(
          { correlationId: 'corr-123', hops, spans: store },
          { timeoutMs: 600_000, failFastMs: 20, exportDelayMs: 50 },
        ),
      );
      expect(ending.timedOut).toBe(false);
      expect(ending.result.firstBroken).toMatchObject({ index: 0, label: expect.stringContaining('http-server') });
      // Not before the export delay plus the fail-fast hold (timers may fire a fraction of a millisecond early).
      expect(waited).toBeGreaterThanOrEqual(65);
    } finally {
      stop();
    }
  });

  it("waits for a later hop past exportDelayMs: only the answered request's own span is due by then", async () => {
    const store = storeOf(spans.filter((s) => s.service === 'order-service'));
    const ending = await waitForChainEnding(
      { correlationId: 'corr-123', hops, spans: store },
      { timeoutMs: 300, failFastMs: 5, exportDelayMs: 10 },
    );
    expect(ending.timedOut).toBe(true);
    expect(ending.result.firstBroken?.index).toBe(2);
  });

  it("resolves broken once a log line is missing past exportDelayMs after its own service's span hop arrived", {
    timeout: 15_000,
  }, async () => {
    const logHop: Hop = { kind: 'log', service: 'payment-service', message: 'processing order' };
    const ending = await waitForChainEnding(
      { correlationId: 'corr-123', hops: [...hops, logHop], spans: storeOf(spans), logs: [] },
      { timeoutMs: 600_000, failFastMs: 10, exportDelayMs: 30 },
    );
    expect(ending.timedOut).toBe(false);
    expect(ending.result.firstBroken).toMatchObject({ index: 3, hop: logHop });
    // A line of another service than the span before it may come later: that one waits out the timeout.
    const elsewhere: Hop = { kind: 'log', service: 'order-service', message: 'processing order' };
    const waited = await waitForChainEnding(
      { correlationId: 'corr-123', hops: [...hops, elsewhere], spans: storeOf(spans), logs: [] },
      { timeoutMs: 200, failFastMs: 10, exportDelayMs: 30 },
    );
    expect(waited.timedOut).toBe(true);
  });

  // The producer span ended around the send: once the tap has had its message that long, the span is not coming.
  it("resolves broken once a publish hop's message was recorded past exportDelayMs without its producer span", async () => {
    const store = storeOf(spans.filter((s) => s.spanId !== ORDER_FLOW.producerSpanId));
    const tap = fakeTap();
    setTimeout(() => tap.push(orderFlowMessage()), 100);
    const { ending, waited } = await timed(
      waitForChainEnding(
        { correlationId: 'corr-123', hops, spans: store, messages: tap },
        { timeoutMs: 3_000, failFastMs: 10, exportDelayMs: 150 },
      ),
    );
    expect(ending.timedOut).toBe(false);
    expect(ending.result.firstBroken).toMatchObject({ index: 1, evidence: { spanIds: [] } });
    expect(ending.result.firstBroken?.evidence.headers).toMatchObject({ 'x-correlation-id': 'corr-123' });
    expect(ending.result.firstBroken?.reason).toContain('message orders.created[0]@7 of this request was published');
    // Counted from the message's arrival (≈ 260 ms), not from the start of the wait (≈ 160 ms); the margin absorbs coarse timers.
    expect(waited).toBeGreaterThanOrEqual(210);
  });

  it('waits out the timeout for a producer span while its message has not been recorded (a lagging producer)', async () => {
    const store = storeOf(spans.filter((s) => s.spanId !== ORDER_FLOW.producerSpanId));
    const ending = await waitForChainEnding(
      { correlationId: 'corr-123', hops, spans: store, messages: fakeTap() },
      { timeoutMs: 300, failFastMs: 5, exportDelayMs: 10 },
    );
    expect(ending.timedOut).toBe(true);
    expect(ending.result.firstBroken?.index).toBe(1);
  });

  describe('a consume hop without its span', () => {
    const consumed = spans.filter((s) => !(s.service === 'payment-service' && s.kind === 'consumer'));
    const reacted: Hop = { kind: 'kafka-publish', service: 'payment-service', topic: 'payments.authorized' };
    const reaction = { ...orderFlowMessage({ 'x-correlation-id': 'corr-123' }), topic: 'payments.authorized' };

    it("resolves broken once the consumer's own next message was recorded past exportDelayMs", async () => {
      const ending = await waitForChainEnding(
        {
          correlationId: 'corr-123',
          hops: [...hops, reacted],
          spans: storeOf(consumed),
          messages: fakeTap([orderFlowMessage(), reaction]),
        },
        { timeoutMs: 3_000, failFastMs: 10, exportDelayMs: 30 },
      );
      expect(ending.timedOut).toBe(false);
      expect(ending.result.firstBroken).toMatchObject({ index: 2, hop: hops[2] });
    });

    // A consumer that lags or retries has not reacted yet: nothing says its span is due.
    it('waits out the timeout while the consumer has not reacted, though the message it consumes was recorded', async () => {
      const ending = await waitForChainEnding(
        {
          correlationId: 'corr-123',
          hops: [...hops, reacted],
          spans: storeOf(consumed),
          messages: fakeTap([orderFlowMessage()]),
        },
        { timeoutMs: 300, failFastMs: 5, exportDelayMs: 10 },
      );
      expect(ending.timedOut).toBe(true);
      expect(ending.result.firstBroken?.index).toBe(2);
    });

    it("waits out the timeout when the recorded message is another consumer's reaction (a consume hop between)", async () => {
      const between: Hop = { kind: 'kafka-consume', service: 'order-service', topic: 'orders.created' };
      const ending = await waitForChainEnding(
        {
          correlationId: 'corr-123',
          hops: [...hops, between, reacted],
          spans: storeOf(consumed),
          messages: fakeTap([orderFlowMessage(), reaction]),
        },
        { timeoutMs: 300, failFastMs: 5, exportDelayMs: 10 },
      );
      expect(ending.timedOut).toBe(true);
      expect(ending.result.firstBroken?.index).toBe(2);
    });
  });

  it('without exportDelayMs, waits out the timeout for a missing server span', async () => {
    const store = storeOf(spans.filter((s) => s.kind !== 'server'));
    const ending = await waitForChainEnding(
      { correlationId: 'corr-123', hops, spans: store },
      { timeoutMs: 150, failFastMs: 5 },
    );
    expect(ending.timedOut).toBe(true);
    expect(ending.result.firstBroken?.index).toBe(0);
  });

  it('rejects with the abort reason and stops listening', async () => {
    const store = createSpanStore();
    let listening = 0;
    const counted: SpanStore = {
      ...store,
      onSpans: (listener) => {
        listening += 1;
        const off = store.onSpans(listener);
        return () => {
          listening -= 1;
          off();
        };
      },
    };
    const abort = new AbortController();
    const waiting = waitForChainVerdict(
      { correlationId: 'corr-123', hops, spans: counted },
      { timeoutMs: 60_000, signal: abort.signal },
    );
    expect(listening).toBe(1);
    abort.abort(new Error('interrupted'));
    await expect(waiting).rejects.toThrow('interrupted');
    expect(listening).toBe(0);
  });
});
