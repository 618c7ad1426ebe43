import { describe, expect, it } from 'vitest';
import { span } from '../query/builder.ts';
import { findSpans } from '../query/find-spans.ts';
import { fixtureSpans, ORDER_FLOW } from '../test-support/fixtures.ts';
import type { QueryInput, Span } from '../types.ts';
import { createSpanStore } from './span-store.ts';

// A shared fixture: the order flow, the broken flow, and copies of the order flow in other traces whose ids, times
// and a few attribute types differ, so that buckets hold spans of several traces and ties in start time occur.
function copies(spans: readonly Span[], n: number): Span[] {
  return spans.map((s) => ({
    ...s,
    traceId: s.traceId.replace(/^./, String(n)),
    ...(s.links.length > 0
      ? { links: s.links.map((l) => ({ ...l, traceId: l.traceId.replace(/^./, String(n)) })) }
      : {}),
    startTimeMs: s.startTimeMs + (n % 2) * 5,
    attributes: { ...s.attributes, 'copy.n': n % 2 === 0 ? n : String(n), 'copy.flag': n % 3 === 0 },
  }));
}
const orderFlow = fixtureSpans('order-flow');
const shared: Span[] = [
  ...orderFlow,
  ...fixtureSpans('broken-propagation'),
  ...[1, 2, 3, 7].flatMap((n) => copies(orderFlow, n)),
];
const copyTrace = `1${ORDER_FLOW.traceId.slice(1)}`;

const queries: ReadonlyArray<[string, QueryInput]> = [
  ['empty selector', ''],
  ['trace id', `span[trace_id="${ORDER_FLOW.traceId}"]`],
  ['trace id upper case', { traceId: ORDER_FLOW.traceId.toUpperCase() }],
  ['trace id of a copy + kind', `span[trace_id="${copyTrace}" kind="consumer"]`],
  ['unknown trace id', `span[trace_id="${'e'.repeat(32)}"]`],
  ['service', 'span[service.name="payment-service"]'],
  ['service + name', 'span[service.name="order-service" name="POST /orders"]'],
  ['service + kind', 'span[service.name="order-service" kind="producer"]'],
  ['name', 'span[name="payments.authorize"]'],
  ['name absent', 'span[name="nope"]'],
  ['kind', 'span[kind="internal"]'],
  ['kind not equal', 'span[kind!="internal"]'],
  ['kinds as a list', { kind: ['server', 'client'] }],
  ['attribute string', 'span[messaging.destination.name="orders"]'],
  ['attribute number written as text', 'span[http.response.status_code="201"]'],
  ['attribute number', 'span[http.response.status_code=201]'],
  ['attribute number on a text value', 'span[copy.n=3]'],
  ['attribute text on a number value', 'span[copy.n="2"]'],
  ['attribute boolean', 'span[copy.flag=true]'],
  ['attribute boolean as text', { attributes: { 'copy.flag': 'false' } }],
  ['attribute on the resource', 'span[deployment.environment.name="test" kind="server"]'],
  ['attribute oneOf', { attributes: { 'copy.n': { oneOf: [1, '2', 7] } } }],
  ['attribute eq and ne', { attributes: { 'copy.n': { eq: 3, ne: 4 } } }],
  ['attribute eq with exists false', { attributes: { 'order.id': { eq: 'x', exists: false } } }],
  ['attribute exists false', { attributes: { 'order.id': { exists: false } }, kind: 'server' }],
  ['attribute array never equals', { attributes: { 'order.items': 'sku-1' } }],
  ['attribute + service + kind', 'span[service.name="payment-service" kind="internal" copy.n=2]'],
  ['service regex', { service: /payment/ }],
  ['name contains', 'span[name contains "authorize"]'],
  ['name oneOf', { name: { oneOf: ['orders.create', 'INSERT orders'] } }],
  ['service as condition eq', { service: { eq: 'order-service' }, kind: 'client' }],
  ['pick first', 'span[name="payments.authorize"]:first'],
  ['pick last', 'span[name="payments.authorize"]:last'],
  ['pick nth', 'span[kind="consumer"]:nth_child(3)'],
  ['child of', 'span[kind="producer"] > span[kind="consumer"]'],
  ['descendant', `span[trace_id="${copyTrace}" kind="producer"] span[kind="internal"]`],
  ['descendant or linked', 'span[kind="producer"] >> span[name="orders.created process"]'],
  ['links to', 'span[kind="producer"] ~> span[kind="consumer"]'],
  ['any of', 'span[kind="server"], span[service.name="payment-service" kind="client"]'],
  ['status + service', { status: 'error', service: 'payment-service' }],
  ['duration + kind', 'span[tracetest.span.duration >= 100ms kind!="consumer"]'],
  ['builder', span().service('order-service').attr('copy.n', 7)],
  [
    'hop query with relation',
    { name: 'payments.authorize', ancestorOrLinked: { traceId: ORDER_FLOW.traceId, spanId: 'a000000000000004' } },
  ],
];

describe('SpanStore.find answers from indexes', () => {
  const store = createSpanStore();
  store.add(shared);

  it.each(queries)('%s: same spans in the same order as a linear filter', (_label, query) => {
    const linear = findSpans(shared, query);
    expect(store.find(query)).toEqual(linear);
  });

  it('the table selects something for most queries, so agreeing is not trivial', () => {
    const nonEmpty = queries.filter(([, query]) => findSpans(shared, query).length > 0);
    expect(nonEmpty.length).toBeGreaterThanOrEqual(queries.length - 5);
  });

  it('keeps attribute indexes current as spans arrive, are replaced and are evicted', () => {
    const small = createSpanStore({ maxSpans: 20 });
    small.add(orderFlow);
    expect(small.find('span[copy.n=1]')).toEqual([]);
    const first = copies(orderFlow, 1);
    small.add(first);
    expect(small.find('span[copy.n=1]')).toHaveLength(first.length);
    small.add(first.slice(0, 1).map((s) => ({ ...s, attributes: { ...s.attributes, 'copy.n': 9 } })));
    expect(small.find('span[copy.n=1]')).toHaveLength(first.length - 1);
    small.add(copies(orderFlow, 2));
    small.add(copies(orderFlow, 3));
    expect(small.find('span[copy.n=1]')).toEqual([]);
    expect(small.find('span[copy.n=9]')).toEqual([]);
    expect(small.find('span[copy.n=3]')).toEqual(findSpans(small.spans(), 'span[copy.n=3]'));
  });

  it('answers link relations from the link index of the store', () => {
    const [linked] = store.find({ linksTo: { kind: 'producer' }, traceId: ORDER_FLOW.batchTraceId });
    expect(linked?.links.length).toBeGreaterThan(0);
    expect(store.find({ kind: 'producer', linkedFrom: { kind: 'consumer' } })).toEqual(
      findSpans(shared, { kind: 'producer', linkedFrom: { kind: 'consumer' } }),
    );
  });
});

describe('SpanStore.find after spans leave and come back', () => {
  it('returns each span once when the same objects are added again, replaced or evicted and re-added', () => {
    const store = createSpanStore({ maxSpans: orderFlow.length });
    store.add(orderFlow);
    store.add(orderFlow);
    expect(store.find('span[service.name="order-service"]')).toEqual(
      findSpans(orderFlow, 'span[service.name="order-service"]'),
    );
    store.add(copies(orderFlow, 1));
    expect(store.find('span[kind="internal"]')).toEqual(findSpans(store.spans(), 'span[kind="internal"]'));
    store.add(orderFlow);
    for (const query of ['span[kind="internal"]', 'span[copy.n=1]', 'span[service.name="payment-service"]', '']) {
      expect(store.find(query)).toEqual(findSpans(store.spans(), query));
    }
    expect(store.byService('order-service')).toHaveLength(
      findSpans(store.spans(), 'span[service.name="order-service"]').length,
    );
  });
});
