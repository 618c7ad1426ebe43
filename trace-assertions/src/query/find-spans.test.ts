import { describe, expect, it } from 'vitest';
import { fixtureSpans } from '../test-support/fixtures.ts';
import type { QueryInput } from '../types.ts';
import { span } from './builder.ts';
import { findSpans, nearestSpans } from './find-spans.ts';

const spans = fixtureSpans('order-flow');
const ids = (query: QueryInput) => findSpans(spans, query).map((s) => s.spanId);

// Each row: the same question written three ways must select the same spans (one engine).
const equivalents: ReadonlyArray<[string, string, QueryInput, QueryInput, string[]]> = [
  [
    'by service and kind',
    'span[service.name="order-service" kind="producer"]',
    { service: 'order-service', kind: 'producer' },
    span().service('order-service').kind('producer'),
    ['a000000000000004'],
  ],
  [
    'descendant',
    'span[kind="producer"] span[kind="internal"]',
    { kind: 'internal', ancestor: { kind: 'producer' } },
    span().kind('internal').descendantOf({ kind: 'producer' }),
    ['b000000000000002', 'b000000000000003'],
  ],
  [
    'direct child',
    'span[kind="producer"] > span[kind="consumer"]',
    { kind: 'consumer', parent: { kind: 'producer' } },
    span().kind('consumer').childOf(span().kind('producer')),
    ['b000000000000001'],
  ],
  [
    'link only',
    'span[kind="producer"] ~> span[kind="consumer"]',
    { kind: 'consumer', linksTo: { kind: 'producer' } },
    span().kind('consumer').linksTo({ kind: 'producer' }),
    ['c000000000000002'],
  ],
  [
    'descendant or linked',
    'span[kind="producer"] >> span[name="orders.created process"]',
    { name: 'orders.created process', ancestorOrLinked: { kind: 'producer' } },
    span().name('orders.created process').descendantOrLinkedFrom({ kind: 'producer' }),
    ['b000000000000001', 'c000000000000002'],
  ],
  [
    'contains',
    'span[name contains "authorize"]',
    { name: { contains: 'authorize' } },
    span().name({ contains: 'authorize' }),
    ['b000000000000002', 'b000000000000003'],
  ],
  [
    'not equal',
    'span[service.name="payment-service" kind!="consumer"]',
    { service: 'payment-service', kind: ['internal', 'server', 'client', 'producer'] },
    span().service('payment-service').kind('internal', 'server', 'client', 'producer'),
    ['b000000000000002', 'b000000000000003'],
  ],
  [
    'numeric less than',
    'span[payment.attempt < 2]',
    { attributes: { 'payment.attempt': { lt: 2 } } },
    span().attr('payment.attempt', { lt: 2 }),
    ['b000000000000002'],
  ],
  [
    'numeric greater than, int as string',
    'span[http.response.status_code > 200]',
    { attributes: { 'http.response.status_code': { gt: 200 } } },
    span().attr('http.response.status_code', { gt: 200 }),
    ['a000000000000001'],
  ],
  [
    'number equals',
    'span[http.response.status_code = 201]',
    { attributes: { 'http.response.status_code': 201 } },
    span().attr('http.response.status_code', '201'),
    ['a000000000000001'],
  ],
  [
    ':first',
    'span[name="payments.authorize"]:first',
    { name: 'payments.authorize', pick: 'first' },
    span().name('payments.authorize').first(),
    ['b000000000000002'],
  ],
  [
    ':last',
    'span[name="payments.authorize"]:last',
    { name: 'payments.authorize', pick: 'last' },
    span().name('payments.authorize').last(),
    ['b000000000000003'],
  ],
  [
    ':nth_child',
    'span[kind="consumer"]:nth_child(3)',
    { kind: 'consumer', pick: { nth: 3 } },
    span().kind('consumer').nth(3),
    ['c000000000000002'],
  ],
  ['status', 'span[status="error"]', { status: 'error' }, span().status('error'), ['b000000000000002']],
  [
    'tracetest.span.type',
    'span[tracetest.span.type="database"]',
    { type: 'database' },
    span().label('db').toQuery(),
    ['a000000000000003'],
  ],
  [
    'resource attribute fallback',
    'span[deployment.environment.name="test" kind="server"]',
    { kind: 'server', attributes: { 'deployment.environment.name': 'test' } },
    span().kind('server').resource('deployment.environment.name', 'test'),
    ['a000000000000001'],
  ],
  [
    'duration',
    'span[tracetest.span.duration >= 100ms kind!="consumer"]',
    { minDurationMs: 100, kind: ['internal', 'server', 'client', 'producer'] },
    span().duration({ min: 100 }).kind('internal', 'server', 'client', 'producer'),
    ['a000000000000001', 'b000000000000002'],
  ],
  [
    'comma is OR',
    'span[kind="server"], span[kind="client"]',
    { anyOf: [{ kind: 'server' }, { kind: 'client' }] },
    span().kind('server', 'client'),
    ['a000000000000001', 'a000000000000003'],
  ],
  [
    'regexp and array contains',
    'span[order.items contains "sku-2"]',
    { name: /^orders\./, attributes: { 'order.items': { contains: 'sku-2' } } },
    span().attr('order.items', (v) => Array.isArray(v) && v.includes('sku-2')),
    ['a000000000000002'],
  ],
];

describe('findSpans', () => {
  it.each(equivalents)('%s: selector, object and builder agree', (_label, selector, object, builder, expected) => {
    expect(ids(selector)).toEqual(expected);
    if (_label !== 'tracetest.span.type') {
      expect(ids(object)).toEqual(expected);
      expect(ids(builder)).toEqual(expected);
    }
  });

  it('returns every span for the empty selector, in start-time order', () => {
    const all = findSpans(spans, '');
    expect(all).toHaveLength(spans.length);
    expect(all.map((s) => s.startTimeMs)).toEqual([...all.map((s) => s.startTimeMs)].sort((a, b) => a - b));
  });

  it('follows links on the descendant combinator when asked', () => {
    expect(ids({ kind: 'internal', ancestorOrLinked: { kind: 'server' }, service: 'payment-service' })).toHaveLength(2);
    expect(ids('span[kind="server"] span[name="orders.created process"]')).toEqual(['b000000000000001']);
  });

  it('explains the nearest misses field by field', () => {
    const [best] = nearestSpans(spans, { service: 'payment-service', kind: 'consumer', parent: { kind: 'server' } });
    expect(best?.span.spanId).toBe('b000000000000001');
    expect(best?.mismatches).toEqual([
      {
        field: 'parent',
        expected: 'span[kind="server"]',
        actual: 'order-service producer "orders.created publish" (a000000000000004)',
      },
    ]);
  });
});

describe('span sources', () => {
  it('queries a span store (receiver.store) like a list of its spans', async () => {
    const { createSpanStore } = await import('../store/span-store.ts');
    const store = createSpanStore();
    store.add(spans);
    const query = { service: 'order-service', kind: 'producer' } as const;
    expect(findSpans(store, query)).toEqual(findSpans(spans, query));
    expect(nearestSpans(store, query)).toEqual(nearestSpans(spans, query));
  });

  it.each([
    [undefined, 'got undefined'],
    [{ traceId: 'x' }, 'got an object with keys traceId'],
    ['span[kind="server"]', 'got string'],
  ])('rejects %j with a typed error', (input, got) => {
    expect(() => findSpans(input as never, {})).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: `findSpans: expected a Trace, an array of spans or a span store (receiver.store), ${got}`,
      }),
    );
  });
});
