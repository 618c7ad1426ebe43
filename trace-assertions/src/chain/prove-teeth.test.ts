import { describe, expect, it } from 'vitest';
import { captureLogs } from '../logs/capture-logs.ts';
import { createSpanStore } from '../store/span-store.ts';
import { fixtureSpans, fixtureText, orderFlowMessage } from '../test-support/fixtures.ts';
import { checkCorrelationChain } from './check-correlation-chain.ts';
import { formatTeethCounts, proveTeeth } from './prove-teeth.ts';
import type { CorrelationChainOptions, Hop } from './types.ts';

const spans = fixtureSpans('order-flow');
const logs = captureLogs(fixtureText('logs/order-flow.ndjson').split('\n'));
const sent = orderFlowMessage();
const hops: Hop[] = [
  { kind: 'http-server', service: 'order-service', method: 'POST', route: '/orders' },
  { kind: 'kafka-publish', service: 'order-service', topic: 'orders.created' },
  { kind: 'kafka-consume', service: 'payment-service', topic: 'orders.created' },
  { kind: 'log', service: 'payment-service', message: 'processing order' },
  { kind: 'span', query: 'span[name="payments.authorize" payment.attempt=2 status="ok"]' },
];
const base = { correlationId: 'corr-123', spans, logs, messages: [sent] } as const;

function teeth(options: CorrelationChainOptions) {
  const result = checkCorrelationChain(options);
  expect(result.ok).toBe(true);
  return proveTeeth(result, options);
}

describe('proveTeeth', () => {
  it('bites on every hop of a normal chain, for every alteration of its evidence', () => {
    const verdict = teeth({ ...base, hops });
    // Span dropped on 4 span hops, correlation attribute changed on the 3 that carry it, 4 message alterations on
    // the publish, log lines dropped and their correlation id changed.
    expect(verdict).toEqual({ ok: true, counts: { checks: 13, biting: 13 } });
    expect(formatTeethCounts(verdict.counts)).toBe(
      `${verdict.counts.checks} of ${verdict.counts.checks} hop checks bite`,
    );
  });

  it('reads spans from a store as from an array', () => {
    const store = createSpanStore();
    store.add(spans);
    expect(teeth({ ...base, spans: store, hops })).toEqual(teeth({ ...base, hops }));
  });

  it.each<[string, readonly Hop[]]>([
    ['a span hop whose query matches any span', [hops[0] as Hop, { kind: 'span', query: {} }]],
    [
      'a span hop matching any span of a service',
      [hops[0] as Hop, { kind: 'span', query: { service: 'order-service' } }],
    ],
    ['a span hop matching any span by name', [hops[0] as Hop, { kind: 'span', query: { name: { contains: 'o' } } }]],
  ])('reports %s', (_label, chain) => {
    const verdict = teeth({ ...base, hops: chain });
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.issues).toEqual([
      expect.objectContaining({ code: 'HOP_CHECK_CANNOT_FAIL', path: 'hops[1]', expected: 'broken', actual: 'ok' }),
    ]);
    expect(verdict.issues[0]?.evidence?.mutation).toBe('span-dropped');
    expect(verdict.counts.biting).toBe(verdict.counts.checks - 1);
  });

  it('gives the same verdict beside other requests of the run', () => {
    const other = spans.map((s) => ({ ...s, traceId: 'f'.repeat(32), links: [], attributes: { ...s.attributes } }));
    const vacuous: Hop[] = [hops[0] as Hop, { kind: 'span', query: {} }];
    expect(teeth({ ...base, spans: [...spans, ...other], hops })).toEqual(teeth({ ...base, hops }));
    expect(teeth({ ...base, spans: [...other, ...spans], hops: vacuous })).toEqual(teeth({ ...base, hops: vacuous }));
  });

  it('pins the message of a check that cannot fail', () => {
    const verdict = teeth({ ...base, hops: [hops[0] as Hop, { kind: 'span', query: {} }] });
    expect(verdict.ok ? [] : verdict.issues.map((i) => i.message)).toMatchInlineSnapshot(`
      [
        "hop 2 "span span[]" still passes with its span a000000000000002 (and any span of the same service, kind and name) dropped: its check cannot fail",
      ]
    `);
  });

  it('bites on a log hop with no message filter', () => {
    // Dropping the evidence removes every line attributed to the request, whatever else the service logged.
    const verdict = teeth({
      ...base,
      hops: [...hops.slice(0, 3), { kind: 'log', service: 'payment-service', level: 'info' }],
    });
    expect(verdict).toMatchObject({ ok: true });
  });

  it('does not alter what the chain was not checked with', () => {
    const verdict = teeth({ correlationId: 'corr-123', spans, hops: hops.slice(0, 3) });
    expect(verdict).toMatchObject({ ok: true });
    // Without messages the publish hop has only its span to lose.
    expect(verdict.counts.checks).toBeLessThan(teeth({ ...base, hops: hops.slice(0, 3) }).counts.checks);
  });

  it('skips hops that did not pass', () => {
    const options = { ...base, messages: [], hops: hops.slice(0, 2) };
    const result = checkCorrelationChain(options);
    expect(result.ok).toBe(false);
    expect(proveTeeth(result, options).counts.checks).toBeGreaterThan(0);
    expect(proveTeeth(result, options)).toMatchObject({ ok: true });
  });
});
