import { describe, expect, it } from 'vitest';
import type { TappedMessage } from '../kafka/types.ts';
import type { Span } from '../types.ts';
import { checkEffects } from './check-effects.ts';
import type { EffectContracts, EffectIssueCode, RecordedExchange } from './types.ts';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const SPAN = 'b7ad6b7169203331';

function exchange(id: string, overrides: Partial<RecordedExchange> = {}): RecordedExchange {
  return {
    service: 'order-service',
    method: 'POST',
    path: '/orders',
    url: 'http://127.0.0.1:4000/orders',
    requestHeaders: { 'content-type': 'application/json' },
    requestBody: '{"items":[{"sku":"A"},{"sku":"B"}]}',
    status: 201,
    responseHeaders: { 'content-type': 'application/json' },
    responseBody: JSON.stringify({ id }),
    finishedAt: 1_000,
    ...overrides,
  };
}

function message(orderId: string, overrides: Partial<TappedMessage> = {}): TappedMessage {
  const json = { orderId, at: '2026-01-01T00:00:01Z' };
  return {
    topic: 'order.created',
    partition: 0,
    offset: '0',
    key: orderId,
    headers: { traceparent: `00-${TRACE}-${SPAN}-01` },
    value: JSON.stringify(json),
    json,
    timestamp: 1_200,
    ...overrides,
  };
}

const span = { traceId: TRACE, spanId: SPAN } as Span;

const contracts: EffectContracts = {
  requests: [
    {
      service: 'order-service',
      method: 'POST',
      path: '/orders',
      emits: [{ topic: 'order.created', where: { 'value.orderId': 'response.body.id' }, withinMs: 5_000 }],
    },
  ],
  messages: [
    { topic: 'order.created', key: 'value.orderId', entity: 'value.orderId', orderBy: 'value.at', traceContext: true },
  ],
};

describe('checkEffects', () => {
  it('passes when each accepted request caused its one message and every message keeps its rules', () => {
    const result = checkEffects({ contracts, exchanges: [exchange('o-1')], messages: [message('o-1')], spans: [span] });
    expect(result).toEqual({ ok: true });
  });

  it.each<[string, readonly RecordedExchange[], readonly TappedMessage[], EffectIssueCode]>([
    ['a lost event', [exchange('o-1')], [], 'EFFECT_MISSING'],
    ['a duplicated event', [exchange('o-1')], [message('o-1'), message('o-1', { offset: '1' })], 'EFFECT_DUPLICATED'],
    ['a late event', [exchange('o-1')], [message('o-1', { timestamp: 9_000 })], 'EFFECT_LATE'],
    ['a response without the id', [exchange('o-1', { responseBody: '{}' })], [], 'EFFECT_SOURCE_MISSING'],
    ['a random key', [], [message('o-1', { key: 'f3c1' })], 'MESSAGE_FIELD_MISMATCH'],
    ['no traceparent', [], [message('o-1', { headers: {} })], 'TRACE_CONTEXT_MISSING'],
    [
      'a traceparent of no recorded span',
      [],
      [message('o-1', { headers: { traceparent: `00-${TRACE}-1111111111111111-01` } })],
      'TRACE_CONTEXT_UNLINKED',
    ],
    [
      'one entity on two partitions',
      [],
      [message('o-1'), message('o-1', { partition: 1 })],
      'ENTITY_SPLIT_ACROSS_PARTITIONS',
    ],
    [
      'one entity out of causal order',
      [],
      [
        message('o-1', { offset: '4' }),
        { ...message('o-1', { offset: '5' }), json: { orderId: 'o-1', at: '2026-01-01T00:00:00Z' } },
      ],
      'ENTITY_OUT_OF_ORDER',
    ],
  ])('reports %s', (_name, exchanges, messages, code) => {
    const result = checkEffects({ contracts, exchanges, messages, spans: [span] });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.map((i) => i.code)).toContain(code);
  });

  it('reports a message whose trace begins at its own producer span, and passes one whose producer span has a parent', () => {
    const producer = { traceId: TRACE, spanId: SPAN, kind: 'producer', name: 'send order.created' } as Span;
    const rooted = checkEffects({ contracts, exchanges: [], messages: [message('o-1')], spans: [producer] });
    expect(rooted.ok ? [] : rooted.issues.map((i) => [i.code, i.path])).toEqual([
      ['TRACE_CONTEXT_ROOTED', 'order.created: headers.traceparent'],
    ]);
    const caused = { ...producer, parentSpanId: '2222222222222222' } as Span;
    expect(checkEffects({ contracts, exchanges: [], messages: [message('o-1')], spans: [caused] })).toEqual({
      ok: true,
    });
  });

  it.each<[string, Partial<RecordedExchange>]>([
    ['a rejected request', { status: 422 }],
    ['another route', { path: '/orders/o-1/cancel' }],
    ['another method', { method: 'GET' }],
    ['another service', { service: 'payment-service' }],
  ])('asks nothing of %s', (_name, overrides) => {
    expect(checkEffects({ contracts, exchanges: [exchange('o-1', overrides)], messages: [] })).toEqual({ ok: true });
  });

  it('matches path templates and status lists', () => {
    const cancel: EffectContracts = {
      requests: [
        {
          method: 'post',
          path: '/orders/{id}/cancel',
          status: [200],
          emits: [{ topic: 'order.cancelled', where: { key: 'response.body.id' } }],
        },
      ],
    };
    const result = checkEffects({
      contracts: cancel,
      exchanges: [exchange('o-2', { path: '/orders/o-2/cancel?x=1', status: 200 })],
      messages: [],
    });
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual(['POST /orders/{id}/cancel → order.cancelled']);
  });

  it('names the request with a curl, the topic, the field and expected vs actual', () => {
    const result = checkEffects({ contracts, exchanges: [exchange('o-9')], messages: [], spans: [span] });
    if (result.ok) throw new Error('expected issues');
    const [issue] = result.issues;
    expect(issue?.message).toMatchInlineSnapshot(
      `"POST /orders → 201 caused 0 message(s) on order.created, expected 1"`,
    );
    expect(issue?.expected).toMatchInlineSnapshot(
      `"1 message(s) on order.created with value.orderId = "o-9" (response.body.id)"`,
    );
    expect(issue?.evidence?.curl).toMatchInlineSnapshot(
      `"curl -i -X POST 'http://127.0.0.1:4000/orders' -H 'content-type: application/json' --data-raw '{"items":[{"sku":"A"},{"sku":"B"}]}'"`,
    );
  });

  it('names the key expected vs actual, and the request that caused the message', () => {
    const result = checkEffects({
      contracts,
      exchanges: [exchange('o-1')],
      messages: [message('o-1', { key: 'r-7' })],
      spans: [span],
    });
    if (result.ok) throw new Error('expected issues');
    expect(result.issues[0]).toMatchObject({
      path: 'order.created: key',
      expected: 'key = value.orderId = "o-1"',
      actual: '"r-7"',
    });
    expect(result.issues[0]?.message).toMatchInlineSnapshot(
      `"message order.created[0]@0: key "r-7" is not value.orderId "o-1" (caused by POST /orders → 201)"`,
    );
    expect(result.issues[0]?.evidence?.curl).toContain("curl -i -X POST 'http://127.0.0.1:4000/orders'");
  });
});
