import { describe, expect, it } from 'vitest';
import { isTraceAssertionError } from '../errors.ts';
import type { KafkaTap } from '../kafka/tap-kafka.ts';
import type { TappedMessage } from '../kafka/types.ts';
import { captureLogs } from '../logs/capture-logs.ts';
import { createSpanStore, type SpanStore } from '../store/span-store.ts';
import { fixtureSpans, fixtureText, ORDER_FLOW, orderFlowMessage } from '../test-support/fixtures.ts';
import type { Span } from '../types.ts';
import { assertCorrelationChain, waitForCorrelationChain } from './assert-correlation-chain.ts';
import { checkCorrelationChain } from './check-correlation-chain.ts';
import type { Hop } from './types.ts';

const spans = fixtureSpans('order-flow');
const logs = captureLogs(fixtureText('logs/order-flow.ndjson').split('\n'));
const TRACEPARENT = `00-${ORDER_FLOW.traceId}-${ORDER_FLOW.producerSpanId}-01`;

const message = orderFlowMessage;

function storeWith(list: readonly Span[]): SpanStore {
  const store = createSpanStore();
  store.add(list);
  return store;
}

const good = message({ traceparent: TRACEPARENT, 'x-correlation-id': 'corr-123' });
const hops: Hop[] = [
  { kind: 'http-server', service: 'order-service', method: 'POST', route: '/orders' },
  { kind: 'kafka-publish', service: 'order-service', topic: 'orders.created' },
  { kind: 'kafka-consume', service: 'payment-service', topic: 'orders.created' },
  { kind: 'log', service: 'payment-service', message: 'processing order' },
  { kind: 'span', query: 'span[name="payments.authorize" payment.attempt=2 status="ok"]' },
];

describe('checkCorrelationChain', () => {
  it.each([
    ['a list', (list: Span[]) => list],
    ['a store', (list: Span[]) => storeWith(list)],
  ])(
    'holds in one of several traces carrying the correlation id (an earlier attempt that went nowhere), from %s',
    (_, source) => {
      const server = spans.find((s) => s.spanId === 'a000000000000001') as Span;
      const attempt: Span = {
        ...server,
        traceId: 'e'.repeat(32),
        spanId: 'e000000000000001',
        startTimeMs: server.startTimeMs - 5_000,
        endTimeMs: server.startTimeMs - 4_990,
      };
      const options = { correlationId: 'corr-123', hops, logs, messages: [good] };
      const result = checkCorrelationChain({ ...options, spans: source([attempt, ...spans]) as never });
      expect(result.ok).toBe(true);
      expect(result.traceIds[0]).toBe(ORDER_FLOW.traceId);
      const onlyAttempt = checkCorrelationChain({ ...options, spans: source([attempt]) as never });
      expect(onlyAttempt.firstBroken?.index).toBe(1);
    },
  );

  it('passes when trace context and correlation id travel through every hop', () => {
    const result = checkCorrelationChain({ correlationId: 'corr-123', hops, spans, logs, messages: [good] });
    expect(result.ok).toBe(true);
    expect(result.traceIds).toEqual([ORDER_FLOW.traceId]);
    expect(result.hops.map((h) => [h.status, h.evidence.spanIds])).toEqual([
      ['ok', ['a000000000000001']],
      ['ok', ['a000000000000004']],
      ['ok', ['b000000000000001']],
      ['ok', []],
      ['ok', ['b000000000000003']],
    ]);
    expect(result.hops[1]?.evidence.headers).toEqual({ traceparent: TRACEPARENT, 'x-correlation-id': 'corr-123' });
    expect(result.hops[3]?.evidence.logLines.map((l) => l.lineNumber)).toEqual([4]);
  });

  it('starts from a trace id and discovers the correlation id from span attributes', () => {
    const result = checkCorrelationChain({ traceId: ORDER_FLOW.traceId, hops: hops.slice(0, 3), spans });
    expect(result).toMatchObject({ ok: true, correlationId: 'corr-123' });
    expect(result.hops[1]?.notes).toEqual(['Kafka headers not checked: no messages given']);
  });

  it.each([
    ['no traceparent', message({ 'x-correlation-id': 'corr-123' }), 'has no traceparent header'],
    [
      'another parent',
      message({ traceparent: `00-${ORDER_FLOW.traceId}-a000000000000002-01` }),
      'parent id a000000000000002 is not the producer span id a000000000000004',
    ],
    [
      'a foreign trace',
      message({ traceparent: `00-${'1'.repeat(32)}-a000000000000004-01`, 'x-correlation-id': 'corr-123' }),
      `trace id ${'1'.repeat(32)} differs`,
    ],
    [
      'no correlation header',
      message({ traceparent: TRACEPARENT }),
      'has no x-correlation-id header (expected corr-123)',
    ],
    [
      'another correlation id',
      message({ traceparent: TRACEPARENT, 'x-correlation-id': 'corr-999' }),
      'header x-correlation-id is "corr-999", expected "corr-123"',
    ],
  ])('breaks the publish hop when the message has %s', (_label, sent, reason) => {
    const result = checkCorrelationChain({ correlationId: 'corr-123', hops, spans, messages: [sent] });
    expect(result.firstBroken?.index).toBe(1);
    expect(result.firstBroken?.reason).toContain(reason);
    expect(result.firstBroken?.settled).toBe(true);
  });

  it('does not call a hop settled while its evidence is merely missing', () => {
    const result = checkCorrelationChain({ correlationId: 'corr-123', hops, spans, messages: [] });
    expect(result.firstBroken).toMatchObject({ index: 1, reason: 'no message was recorded on topic orders.created' });
    expect(result.firstBroken?.settled).toBeUndefined();
  });

  it('reports each broken hop as a HOP_BROKEN issue at its position, with its evidence', () => {
    const result = checkCorrelationChain({ correlationId: 'corr-123', hops, spans, messages: [] });
    if (result.ok) throw new Error('expected a broken chain');
    expect(result.issues[0]).toMatchObject({
      code: 'HOP_BROKEN',
      path: 'hops[1]',
      expected: 'kafka-publish order-service → orders.created',
      actual: 'no message was recorded on topic orders.created',
      evidence: { hop: 'kafka-publish order-service → orders.created', hopIndex: 1 },
    });
    expect(result.issues.map((issue) => issue.path)).toEqual(
      result.hops.filter((hop) => hop.status === 'broken').map((hop) => `hops[${hop.index}]`),
    );
  });

  it('breaks a log hop whose lines lost the trace id', () => {
    const result = checkCorrelationChain({
      correlationId: 'corr-123',
      hops: [...hops.slice(0, 3), { kind: 'log', service: 'payment-service' }],
      spans,
      logs,
    });
    expect(result.firstBroken?.label).toBe('log payment-service');
    expect(result.firstBroken?.reason).toMatch(/^line 5: .*card declined.* has trace_id \(absent\), expected 4bf92f/);
    expect(result.firstBroken?.settled).toBe(true);
  });

  it('follows a span link when the consumer starts a new trace (eachBatch)', () => {
    const batchOnly = spans.filter((s) => !s.spanId.startsWith('b'));
    const result = checkCorrelationChain({ correlationId: 'corr-123', hops: hops.slice(0, 3), spans: batchOnly });
    expect(result.ok).toBe(true);
    expect(result.hops[2]?.evidence.spanIds).toEqual(['c000000000000002']);
    expect(result.hops[2]?.notes).toEqual([`continues in trace ${ORDER_FLOW.batchTraceId} through a span link`]);
    expect(
      checkCorrelationChain({ correlationId: 'corr-123', hops: hops.slice(0, 3), spans: batchOnly, followLinks: false })
        .ok,
    ).toBe(false);
  });

  it('matches Kafka hops by the topic attributes an SDK uses, when told', () => {
    // A consumer span that names its topic only in an attribute outside the defaults.
    const renamed = spans.map((span) =>
      span.kind === 'consumer' && span.attributes['messaging.destination.name'] === 'orders.created'
        ? {
            ...span,
            name: 'consume',
            attributes: {
              ...span.attributes,
              'messaging.destination.name': 'x',
              'messaging.kafka.topic': 'orders.created',
            },
          }
        : span,
    );
    const options = { correlationId: 'corr-123', hops: hops.slice(0, 3), spans: renamed, logs, messages: [good] };
    expect(checkCorrelationChain(options).firstBroken?.label).toBe('kafka-consume payment-service ← orders.created');
    expect(checkCorrelationChain({ ...options, topicAttributes: ['messaging.kafka.topic'] }).ok).toBe(true);
  });

  it('marks hops whose evidence was not given as not-checked', () => {
    const result = checkCorrelationChain({ correlationId: 'corr-123', hops, spans });
    expect(result.hops[3]).toMatchObject({ status: 'not-checked', reason: 'no logs given' });
    expect(result.ok).toBe(true);
  });

  it('says why no chain could start', () => {
    const result = checkCorrelationChain({ correlationId: 'nobody', hops: hops.slice(0, 1), spans });
    expect(result.firstBroken?.reason).toBe(
      'no span (attributes correlation.id, app.correlation_id), Kafka message (x-correlation-id) or log line carries correlation id nobody',
    );
  });
});

describe('assertCorrelationChain', () => {
  it('names the first broken hop when the consumer lost the trace context', () => {
    const broken = fixtureSpans('broken-propagation');
    let caught: unknown;
    try {
      assertCorrelationChain({ correlationId: 'corr-456', hops: hops.slice(0, 3), spans: broken });
    } catch (error) {
      caught = error;
    }
    expect(isTraceAssertionError(caught, 'CHAIN_BROKEN')).toBe(true);
    expect((caught as Error).message).toMatchInlineSnapshot(`
      "correlation chain broken at hop 3 (kafka-consume payment-service ← orders.created): matching span(s) exist but none is a descendant of or linked from the previous hop's span d000000000000002 (trace 6bf92f3577b34da6a3ce929d0e0e4738): trace context was not propagated
      correlation id corr-456; traces 6bf92f3577b34da6a3ce929d0e0e4738
        ✓ 1. http-server order-service POST /orders span d000000000000001
        ✓ 2. kafka-publish order-service → orders.created span d000000000000002
             note: Kafka headers not checked: no messages given
        ✗ 3. kafka-consume payment-service ← orders.created
             matching span(s) exist but none is a descendant of or linked from the previous hop's span d000000000000002 (trace 6bf92f3577b34da6a3ce929d0e0e4738): trace context was not propagated
               - payment-service consumer "orders.created process" span=e000000000000001 parent=- 40ms in trace 7bf92f3577b34da6a3ce929d0e0e4739"
    `);
  });
});

describe('waitForCorrelationChain', () => {
  it('resolves once late spans complete the chain', async () => {
    const store = createSpanStore();
    const waiting = waitForCorrelationChain({
      correlationId: 'corr-123',
      hops: hops.slice(0, 3),
      spans: store,
      timeoutMs: 2000,
      settleMs: 10,
    });
    store.add(spans.filter((s) => s.service === 'order-service'));
    setTimeout(() => store.add(spans.filter((s) => s.service === 'payment-service')), 20);
    expect((await waiting).ok).toBe(true);
  });

  it('throws CHAIN_BROKEN with the last verdict on timeout', async () => {
    const store = createSpanStore();
    store.add(spans.filter((s) => s.service === 'order-service'));
    const error = await waitForCorrelationChain({
      correlationId: 'corr-123',
      hops: hops.slice(0, 3),
      spans: store,
      timeoutMs: 30,
    }).catch((e: unknown) => e);
    expect(isTraceAssertionError(error, 'CHAIN_BROKEN')).toBe(true);
    expect((error as Error).message).toMatch(
      /^after 30 ms: correlation chain broken at hop 3 \(kafka-consume payment-service ← orders.created\)/,
    );
  });

  // The first hop's server span ended before the request was answered: past the export delay it is not coming.
  it("fails once an answered request's server span is missing past exportDelayMs, not at the timeout", {
    timeout: 15_000,
  }, async () => {
    const started = performance.now();
    const error = await waitForCorrelationChain({
      correlationId: 'corr-123',
      hops: hops.slice(0, 3),
      spans: storeOf(spans.filter((s) => s.kind !== 'server')),
      timeoutMs: 600_000,
      failFastMs: 20,
      exportDelayMs: 50,
    }).catch((e: unknown) => e);
    expect(isTraceAssertionError(error, 'CHAIN_BROKEN')).toBe(true);
    expect((error as Error).message).toMatch(
      /^missing 50 ms \(exportDelayMs\) after it was due: correlation chain broken at hop 1 \(http-server order-service/,
    );
    // Not before the export delay plus the fail-fast hold (timers may fire a fraction of a millisecond early).
    expect(performance.now() - started).toBeGreaterThanOrEqual(65);
  });

  it('without exportDelayMs, waits out the timeout for a missing server span', async () => {
    const error = await waitForCorrelationChain({
      correlationId: 'corr-123',
      hops: hops.slice(0, 3),
      spans: storeOf(spans.filter((s) => s.kind !== 'server')),
      timeoutMs: 150,
      failFastMs: 5,
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^after 150 ms: correlation chain broken at hop 1 /);
  });

  it('fails at once, with its evidence, when a hop is broken on evidence that arrived', async () => {
    const error = await waitForCorrelationChain({
      correlationId: 'corr-123',
      hops: hops.slice(0, 3),
      spans: storeOf(spans),
      messages: [message({ 'x-correlation-id': 'corr-123' })],
      timeoutMs: 5_000,
      failFastMs: 20,
    }).catch((e: unknown) => e);
    expect(isTraceAssertionError(error, 'CHAIN_BROKEN')).toBe(true);
    expect((error as Error).message).toMatch(
      /^settled after 20 ms: correlation chain broken at hop 2 .*has no traceparent header/,
    );
  });

  it('fails fast when the consumer span carries the correlation id in a trace of its own', async () => {
    expect(
      checkCorrelationChain({
        correlationId: 'corr-456',
        hops: hops.slice(0, 3),
        spans: fixtureSpans('broken-propagation'),
      }).firstBroken?.settled,
      'without the correlation id the span may belong to another request: not settled',
    ).toBeUndefined();
    const error = await waitForCorrelationChain({
      correlationId: 'corr-456',
      hops: hops.slice(0, 3),
      // The consumer recorded the correlation id from the message header, but started a trace of its own.
      spans: storeOf(
        fixtureSpans('broken-propagation').map((span) =>
          span.kind === 'consumer'
            ? { ...span, attributes: { ...span.attributes, 'app.correlation_id': 'corr-456' } }
            : span,
        ),
      ),
      timeoutMs: 5_000,
      failFastMs: 20,
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /^settled after 20 ms: correlation chain broken at hop 3 .*not propagated/,
    );
  });

  it('waits out the timeout while evidence is missing, not the fail-fast delay', async () => {
    const store = createSpanStore();
    store.add(spans.filter((s) => s.service === 'order-service'));
    const error = await waitForCorrelationChain({
      correlationId: 'corr-123',
      hops: hops.slice(0, 3),
      spans: store,
      timeoutMs: 80,
      failFastMs: 5,
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^after 80 ms: correlation chain broken at hop 3/);
  });

  it('resolves when late evidence repairs a hop before the fail-fast delay ends', async () => {
    const store = createSpanStore();
    const messages = createMessageList([message({ 'x-correlation-id': 'corr-123' })]);
    const waiting = waitForCorrelationChain({
      correlationId: 'corr-123',
      hops: hops.slice(0, 2),
      spans: store,
      messages: messages.tap,
      timeoutMs: 5_000,
      failFastMs: 200,
      settleMs: 10,
    });
    store.add(spans.filter((s) => s.service === 'order-service'));
    setTimeout(() => messages.replace([good]), 20);
    expect((await waiting).ok).toBe(true);
  });
});

function storeOf(list: readonly Span[]): SpanStore {
  const store = createSpanStore();
  store.add(list);
  return store;
}

/** A minimal push source of messages, shaped like the KafkaTap the chain subscribes to. */
function createMessageList(initial: TappedMessage[]): { tap: KafkaTap; replace(next: TappedMessage[]): void } {
  let current = initial;
  const listeners = new Set<(m: TappedMessage) => void>();
  const tap = {
    messages: () => [...current],
    find: () => [],
    onMessage: (listener: (m: TappedMessage) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    waitFor: () => Promise.reject(new Error('not used')),
    stop: () => Promise.resolve(),
  } as unknown as KafkaTap;
  return {
    tap,
    replace(next) {
      current = next;
      for (const listener of listeners) listener(next[0] as TappedMessage);
    },
  };
}
