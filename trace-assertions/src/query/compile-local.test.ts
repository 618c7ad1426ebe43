import { describe, expect, it } from 'vitest';
import { fixtureSpans } from '../test-support/fixtures.ts';
import type { Span, SpanQuery } from '../types.ts';
import { compileLocalMatch } from './compile-local.ts';
import { localMatches } from './local-match.ts';
import { toQuery } from './to-query.ts';

const spans: Span[] = [
  ...fixtureSpans('order-flow'),
  ...fixtureSpans('broken-propagation'),
  // Names and services that are not strings reach the matcher from hand-built spans: the compiled test must agree.
  { ...(fixtureSpans('order-flow')[0] as Span), name: 201 as unknown as string, service: '' },
];

const queries: ReadonlyArray<[string, SpanQuery]> = [
  ['nothing', {}],
  ['name', { name: 'payments.authorize' }],
  ['name as a number', { name: 201 }],
  ['name text of a number', { name: '201' }],
  ['name contains', { name: { contains: 'orders' } }],
  ['name contains a number text', { name: { contains: '20' } }],
  ['name contains and not', { name: { contains: 'orders', notContains: 'poll' } }],
  ['name contains with exists', { name: { contains: 'orders', exists: true } }],
  ['name regex', { name: /^orders\./ }],
  ['name predicate', { name: (value) => String(value).length > 12 }],
  ['service', { service: 'payment-service' }],
  ['service empty', { service: '' }],
  ['service and name', { service: 'order-service', name: { contains: 'publish' } }],
  ['service and kind', { service: 'order-service', kind: 'producer' }],
  ['kind only', { kind: ['server', 'consumer'] }],
  ['attributes', { name: { contains: 'process' }, attributes: { 'correlation.id': 'corr-123' } }],
  ['attribute contains', { attributes: { 'messaging.destination.name': { contains: 'created' } } }],
  ['attribute contains, a number value', { attributes: { 'http.response.status_code': { contains: '20' } } }],
  ['attribute contains, an array value', { attributes: { 'order.items': { contains: 'sku-2' } } }],
  ['attribute contains, from the resource', { attributes: { 'service.name': { contains: 'payment' } } }],
  ['attribute regex and absence', { attributes: { 'http.route': /orders/, 'messaging.system': { exists: false } } }],
  ['attribute absent', { attributes: { 'exception.type': { exists: false }, 'correlation.id': { contains: 'corr' } } }],
  ['resource contains', { resource: { 'service.name': { contains: 'order' } } }],
  ['resource equality and status', { resource: { 'deployment.environment.name': 'test' }, status: 'error' }],
  ['selector', toQuery('span[name contains "orders" service.name="order-service" status="unset"]')],
];

describe('compileLocalMatch', () => {
  it.each(queries)('%s: the same answer as localMatches for every span', (_label, query) => {
    const compiled = compileLocalMatch(query);
    expect(spans.map((span) => compiled(span))).toEqual(spans.map((span) => localMatches(span, query)));
  });

  it('the table both accepts and rejects spans, so agreeing is not trivial', () => {
    const mixed = queries.filter(([, query]) => {
      const answers = new Set(spans.map((span) => localMatches(span, query)));
      return answers.size === 2;
    });
    expect(mixed.length).toBeGreaterThanOrEqual(queries.length - 2);
  });
});
