import {
  type CorrelationChainOptions,
  checkCorrelationChain,
  formatTeethCounts,
  type Hop,
} from '@tracegate/trace-assertions';
import { describe, expect, it } from 'vitest';
import { TEST_TRACE, testSpan } from './span-testing.ts';
import { scenarioTeeth, type TeethSegment } from './teeth.ts';

const span = testSpan;

// A POST /orders that saves the order, then a cancel request in the same trace.
const spans = [
  span('a000000000000001', { kind: 'server', name: 'POST /orders', attributes: { 'http.route': '/orders' } }),
  span('a000000000000002', { parentSpanId: 'a000000000000001', name: 'orders.save' }),
  span('a000000000000003', { parentSpanId: 'a000000000000002', name: 'INSERT orders', kind: 'client' }),
  span('a000000000000004', {
    kind: 'server',
    name: 'POST /orders/:id/cancel',
    attributes: { 'http.route': '/orders/:id/cancel' },
  }),
  span('a000000000000005', { parentSpanId: 'a000000000000004', name: 'orders.cancel' }),
  span('a000000000000006', { parentSpanId: 'a000000000000005', name: 'UPDATE orders', kind: 'client' }),
];
const create: Hop = { kind: 'http-server', service: 'order-service', route: '/orders' };
const cancel: Hop = { kind: 'http-server', service: 'order-service', route: '/orders/:id/cancel' };

function segment(hops: readonly Hop[], offset: number): TeethSegment {
  const options: CorrelationChainOptions = { traceId: TEST_TRACE, hops, spans };
  const result = checkCorrelationChain(options);
  expect(result.ok).toBe(true);
  return { result, options, offset };
}

describe('scenarioTeeth', () => {
  it('adds no check when every hop check bites, and counts them', () => {
    const teeth = scenarioTeeth('order-cancelled', [
      segment([create, { kind: 'span', query: { name: 'orders.save' } }], 0),
      segment([cancel, { kind: 'span', query: { name: 'orders.cancel' } }], 2),
    ]);
    expect(teeth.checks).toEqual([]);
    expect(formatTeethCounts(teeth.counts)).toBe('4 of 4 hop checks bite');
  });

  it('fails a hop whose check cannot fail, named by scenario and its position across segments', () => {
    const teeth = scenarioTeeth('order-cancelled', [
      segment([create, { kind: 'span', query: { name: 'orders.save' } }], 0),
      segment([cancel, { kind: 'span', query: { service: 'order-service' } }], 2),
    ]);
    expect(formatTeethCounts(teeth.counts)).toBe('3 of 4 hop checks bite');
    expect(teeth.checks).toMatchInlineSnapshot(`
      [
        {
          "evidence": [
            {
              "kind": "text",
              "text": "spans: a000000000000005",
            },
          ],
          "issues": [
            {
              "actual": "ok",
              "code": "HOP_CHECK_CANNOT_FAIL",
              "evidence": [
                {
                  "kind": "text",
                  "text": "spans: a000000000000005",
                },
              ],
              "expected": "broken",
              "message": "the check of hop 4 (span span[service.name="order-service"]) still passes with its span a000000000000005 (and any span of the same service, kind and name) dropped: tighten the hop in the config so it names what only this request causes",
              "path": "hops[3]",
            },
          ],
          "message": "the check of hop 4 (span span[service.name="order-service"]) still passes with its span a000000000000005 (and any span of the same service, kind and name) dropped: tighten the hop in the config so it names what only this request causes",
          "name": "order-cancelled: hop 4 (span span[service.name="order-service"]) cannot fail",
          "status": "failed",
        },
      ]
    `);
  });
});
