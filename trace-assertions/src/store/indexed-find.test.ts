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
  ['below a trace, through links', { ancestorOrLinked: { traceId: ORDER_FLOW.traceId } }],
  ['below a trace of a copy, through links', { kind: 'consumer', ancestorOrLinked: { traceId: copyTrace } }],
  ['below a trace, parents only', { kind: 'internal', ancestor: { traceId: copyTrace } }],
  ['parent in a trace', { parent: { traceId: ORDER_FLOW.traceId, kind: 'producer' } }],
  ['below an unknown trace', { ancestorOrLinked: { traceId: 'e'.repeat(32) } }],
  [
    'any of relations',
    { kind: 'consumer', anyOf: [{ parent: { kind: 'producer' } }, { linksTo: { kind: 'producer' } }] },
  ],
  ['any of with a pick', { anyOf: [{ name: 'payments.authorize', pick: 'first' }, { kind: 'server' }] }],
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

  it('holds an alternative of anyOf to its own relations', () => {
    const byKey = new Map(shared.map((s) => [`${s.traceId}/${s.spanId}`, s]));
    const isProducer = (traceId: string, spanId: string | undefined) =>
      byKey.get(`${traceId}/${spanId}`)?.kind === 'producer';
    const expected = shared.filter(
      (s) =>
        s.kind === 'consumer' &&
        (isProducer(s.traceId, s.parentSpanId) || s.links.some((l) => isProducer(l.traceId, l.spanId))),
    );
    const query = { kind: 'consumer', anyOf: [{ parent: { kind: 'producer' } }, { linksTo: { kind: 'producer' } }] };
    expect(new Set(store.find(query as QueryInput))).toEqual(new Set(expected));
    expect(store.find({ kind: 'consumer', anyOf: [{ parent: { kind: 'server' } }] })).toEqual([]);
  });

  it('follows links out of a trace, transitively', () => {
    const below = store.find({ ancestorOrLinked: { traceId: ORDER_FLOW.traceId } });
    expect(below.some((s) => s.traceId === ORDER_FLOW.batchTraceId)).toBe(true);
    expect(
      store.find({ ancestor: { traceId: ORDER_FLOW.traceId } }).some((s) => s.traceId !== ORDER_FLOW.traceId),
    ).toBe(false);
  });

  it('answers link relations from the link index of the store', () => {
    const [linked] = store.find({ linksTo: { kind: 'producer' }, traceId: ORDER_FLOW.batchTraceId });
    expect(linked?.links.length).toBeGreaterThan(0);
    expect(store.find({ kind: 'producer', linkedFrom: { kind: 'consumer' } })).toEqual(
      findSpans(shared, { kind: 'producer', linkedFrom: { kind: 'consumer' } }),
    );
  });
});

describe('SpanStore.find with a limit', () => {
  const store = createSpanStore();
  store.add(shared);

  it.each([
    ['kind', 'span[kind="internal"]', 2],
    ['name contains (scanned)', 'span[name contains "orders"]', 3],
    ['below a trace', { ancestorOrLinked: { traceId: ORDER_FLOW.traceId } }, 1],
    ['pick', 'span[kind="consumer"]:last', 5],
  ] as const)('%s: at most the limit, all of them matches, in start-time order', (_label, query, limit) => {
    const linear = findSpans(shared, query);
    const limited = store.find(query, { limit });
    expect(limited).toHaveLength(Math.min(limit, linear.length));
    expect(limited.every((s) => linear.includes(s))).toBe(true);
    expect(limited).toEqual(linear.filter((s) => limited.includes(s)));
  });

  it('finds nothing with a limit of 0 and everything with a limit past the count', () => {
    expect(store.find('span[kind="internal"]', { limit: 0 })).toEqual([]);
    expect(store.find('span[kind="internal"]', { limit: 1000 })).toEqual(findSpans(shared, 'span[kind="internal"]'));
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

describe('SpanStore.find tests a name or service matcher once per distinct value', () => {
  // Many traces of the same few names and services, some evicted (so buckets hold removed spans): a name matcher no
  // equality answers is tested on each name once, and the spans of the names that pass are the candidates.
  const store = createSpanStore({ maxSpans: 60 * orderFlow.length });
  for (let n = 10; n < 90; n += 1) store.add(copies(orderFlow, n));
  const stored = store.spans();

  it.each([
    ['name contains', 'span[name contains "authorize"]'],
    ['name contains + kind', { name: { contains: 'orders' }, kind: 'producer' }],
    ['name regex', { name: /^payments\./ }],
    ['name contains nothing stored', 'span[name contains "nope"]'],
    ['name not containing (most spans: scanned)', { name: { notContains: 'authorize' } }],
    ['name absent', { name: { exists: false } }],
    ['service regex + attribute', { service: /payment/, attributes: { 'copy.n': { oneOf: [11, '13'] } } }],
    ['service contains', { service: { contains: 'payment' } }],
  ] as const)('%s: same spans in the same order as a linear filter', (_label, query) => {
    const linear = findSpans(stored, query as QueryInput);
    expect(store.find(query as QueryInput)).toEqual(linear);
    const limited = store.find(query as QueryInput, { limit: 2 });
    expect(limited).toHaveLength(Math.min(2, linear.length));
    expect(limited.every((s) => linear.includes(s))).toBe(true);
  });

  function counted(pattern: RegExp): { pattern: RegExp; calls: () => number } {
    let calls = 0;
    const test = pattern.test.bind(pattern);
    pattern.test = (text: string) => {
      calls += 1;
      return test(text);
    };
    return { pattern, calls: () => calls };
  }

  it('runs the matcher once per distinct name, then on the spans of the names that passed', () => {
    const names = new Set(stored.map((s) => s.name)).size;
    const rare = counted(/publish/);
    const found = store.find({ name: rare.pattern });
    expect(found).toEqual(findSpans(stored, { name: /publish/ }));
    expect(found.length).toBeGreaterThan(0);
    expect(rare.calls()).toBe(names + found.length);
    // A name on more than an eighth of the spans: the values are tested, then every span is scanned (evicted ones still in the list too).
    const broad = counted(/authorize/);
    expect(store.find({ name: broad.pattern })).toEqual(findSpans(stored, { name: /authorize/ }));
    expect(broad.calls()).toBeGreaterThanOrEqual(names + stored.length);
  });
});
