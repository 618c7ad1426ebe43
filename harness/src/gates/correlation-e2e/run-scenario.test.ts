import {
  type CorrelationChainOptions,
  captureLogs,
  checkCorrelationChain,
  issuesOf,
  type Span,
  type TraceSpecResult,
} from '@tracegate/trace-assertions';
import { describe, expect, it } from 'vitest';
import { toOutcome } from './run-scenario.ts';
import { TEST_TRACE, testSpan } from './span-testing.ts';

const span = (spanId: string, fields: Partial<Span>): Span =>
  testSpan(spanId, { name: 'POST /orders', kind: 'server', attributes: { 'http.route': '/orders' }, ...fields });
const spans = [
  span('a000000000000001', {}),
  span('a000000000000002', { parentSpanId: 'a000000000000001', name: 'orders.save', kind: 'internal' }),
];
const exchange = {
  method: 'POST',
  url: 'http://127.0.0.1:1/orders',
  headers: {},
  response: { status: 201, body: '{}' },
};

/** A spec verdict whose one chain was checked against `spans` with `hops`. */
function verdict(
  hops: CorrelationChainOptions['hops'],
  requests: readonly { ok: boolean; status: number; exchange: typeof exchange; error?: string }[] = [
    { ok: true, status: 201, exchange },
  ],
): TraceSpecResult {
  const checked: CorrelationChainOptions = { traceId: TEST_TRACE, hops, spans };
  const chain = checkCorrelationChain(checked);
  const failedRequests = requests.filter((r) => !r.ok);
  const issues = [
    ...failedRequests.map((r) => ({ code: 'REQUEST_FAILED' as const, message: r.error ?? '', path: 'trigger' })),
    ...issuesOf(chain),
  ];
  const base = {
    name: 'order',
    traceId: TEST_TRACE,
    correlationId: 'c-1',
    trigger: requests[0] ?? { ok: false },
    results: [],
    chain,
    requests,
    segments: [{ offset: 0, result: chain, checked }],
    durationMs: 5,
  };
  return issues.length === 0 ? { ...base, ok: true } : { ...base, ok: false, issues };
}

describe('toOutcome: a trace spec verdict as the gate reports it', () => {
  const logs = captureLogs([]);

  it('passes with the exchange as evidence, the chain and its spans in the report, and every hop check proven', () => {
    const outcome = toOutcome(
      'order',
      verdict([
        { kind: 'http-server', service: 'order-service', route: '/orders' },
        { kind: 'span', query: { name: 'orders.save' } },
      ]),
      logs,
    );
    expect(outcome.check).toMatchObject({
      name: 'order',
      status: 'passed',
      evidence: [{ kind: 'http-request', ...exchange }],
    });
    expect(outcome.report.chain.map((h) => h.status)).toEqual(['ok', 'ok']);
    expect(outcome.report.spans.map((s) => s.spanId)).toEqual(['a000000000000001', 'a000000000000002']);
    expect(outcome.teeth.counts).toEqual({ checks: 2, biting: 2 });
  });

  it('reports the spans of the traces of every segment: the last one first, then traces only earlier ones froze', () => {
    const hops: CorrelationChainOptions['hops'] = [{ kind: 'http-server', service: 'order-service' }];
    const base = verdict(hops);
    const other = 'f'.repeat(32);
    const followUp = [span('b000000000000001', { traceId: other })];
    const chain = { ...(base.chain as NonNullable<TraceSpecResult['chain']>), traceIds: [TEST_TRACE, other] };
    const segments = [
      { offset: 0, result: chain, checked: { traceId: TEST_TRACE, hops, spans } },
      { offset: 1, result: chain, checked: { traceId: other, hops, spans: [...followUp, spans[1] as Span] } },
    ];
    const outcome = toOutcome('order', { ...base, chain, segments }, logs);
    // The first segment's trace is in the last one too: its spans as the last segment froze them.
    expect(outcome.report.spans.map((s) => s.spanId)).toEqual(['b000000000000001', 'a000000000000002']);
    const earlierOnly = [
      { ...segments[0], checked: { ...segments[0]?.checked, hops, spans } },
      { ...segments[1], checked: { traceId: other, hops, spans: followUp } },
    ];
    const both = toOutcome('order', { ...base, chain, segments: earlierOnly as typeof segments }, logs);
    expect(both.report.spans.map((s) => s.spanId)).toEqual([
      'b000000000000001',
      'a000000000000001',
      'a000000000000002',
    ]);
  });

  it('names the first broken hop', () => {
    const outcome = toOutcome(
      'order',
      verdict([
        { kind: 'http-server', service: 'order-service' },
        { kind: 'span', query: { name: 'orders.charge' } },
      ]),
      logs,
    );
    expect(outcome.check.status).toBe('failed');
    expect(outcome.check.message).toMatch(/^first broken hop: span span\[name="orders\.charge"\] — /);
    expect(outcome.report.firstBrokenHop).toBe('span span[name="orders.charge"]');
    expect(outcome.teeth).toEqual({ counts: { checks: 0, biting: 0 }, checks: [] });
  });

  it('takes a failed request as the verdict and reports no chain', () => {
    const failed = [
      { ok: false, status: 500, error: 'POST http://127.0.0.1:1/orders: expected HTTP 201, got 500', exchange },
    ];
    const outcome = toOutcome('order', verdict([{ kind: 'http-server', service: 'order-service' }], failed), logs);
    expect(outcome.check).toMatchObject({
      status: 'failed',
      message: 'POST http://127.0.0.1:1/orders: expected HTTP 201, got 500',
    });
    expect(outcome.report.chain).toEqual([]);
    expect(outcome.report.spans).toEqual([]);
  });
});
