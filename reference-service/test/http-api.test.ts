import { randomBytes } from 'node:crypto';
import { openapiText } from '@tracegate/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call } from './support/api-client.ts';
import { eventually, orderBody, request } from './support/http.ts';
import type { ServiceUnderTest } from './support/service-process.ts';
import { startReferenceService } from './support/service-process.ts';

interface Order {
  id: string;
  status: string;
  customerId: string;
  totalAmount: number;
}

describe('orders API against openapi.yaml', () => {
  let service: ServiceUnderTest;
  const customer = () => `c-${randomBytes(5).toString('hex')}`;

  beforeAll(async () => {
    service = await startReferenceService({ brokers: inject('kafkaBrokers'), label: 'http-api' });
  });
  afterAll(async () => service?.stop());

  it('creates an order (201, Location, PENDING) and reads it back', async () => {
    const created = await call<Order>(service.url, { method: 'POST', template: '/orders', body: orderBody(1_234) });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/orders/${created.body.id}`);
    expect(created.body).toMatchObject({ status: 'PENDING', paymentStatus: 'PENDING', totalAmount: 1_234 });
    const read = await call<Order>(service.url, {
      method: 'GET',
      template: '/orders/{id}',
      path: `/orders/${created.body.id}`,
    });
    expect(read.body.id).toBe(created.body.id);
  });

  it('replays the first response for a repeated Idempotency-Key and refuses a different body', async () => {
    const key = `key-${randomBytes(6).toString('hex')}`;
    const customerId = customer();
    const first = await call<Order>(service.url, {
      method: 'POST',
      template: '/orders',
      body: orderBody(500, customerId),
      headers: { 'idempotency-key': key },
    });
    const again = await call<Order>(service.url, {
      method: 'POST',
      template: '/orders',
      body: orderBody(500, customerId),
      headers: { 'idempotency-key': key },
    });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const other = await call(service.url, {
      method: 'POST',
      template: '/orders',
      body: orderBody(501, customerId),
      headers: { 'idempotency-key': key },
    });
    expect(other.status).toBe(409);
    expect(other.body.type).toBe('urn:tracegate:problem:idempotency-key-reused');
    const page = await call<{ items: Order[] }>(service.url, {
      method: 'GET',
      template: '/orders',
      path: `/orders?customerId=${customerId}`,
    });
    expect(page.body.items).toHaveLength(1);
  });

  it('answers concurrent retries with the same key with one order', async () => {
    const key = `key-${randomBytes(6).toString('hex')}`;
    const customerId = customer();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        call<Order>(service.url, {
          method: 'POST',
          template: '/orders',
          body: orderBody(700, customerId),
          headers: { 'idempotency-key': key },
        }),
      ),
    );
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
    expect(responses.every((response) => response.status === 201)).toBe(true);
  });

  it('pages newest first with a cursor, without gaps or repeats', async () => {
    const customerId = customer();
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      ids.push(
        (
          await call<Order>(service.url, {
            method: 'POST',
            template: '/orders',
            body: orderBody(100 + index, customerId),
          })
        ).body.id,
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/orders?customerId=${customerId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await call<{ items: Order[]; nextCursor: string | null }>(service.url, {
        method: 'GET',
        template: '/orders',
        path: query,
      });
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((order) => order.id));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
  });

  it('filters by status', async () => {
    const page = await call<{ items: Order[] }>(service.url, {
      method: 'GET',
      template: '/orders',
      path: '/orders?status=REJECTED&limit=100',
    });
    expect(page.body.items.every((order) => order.status === 'REJECTED')).toBe(true);
  });

  it.each([
    ['limit above the bound', '/orders?limit=101', '/query/limit'],
    ['limit zero', '/orders?limit=0', '/query/limit'],
    ['an unknown status', '/orders?status=SHIPPED', '/query/status'],
    ['a forged cursor', '/orders?cursor=bm90LWEtY3Vyc29y', '/query/cursor'],
    ['an unknown parameter', '/orders?colour=red', '/query/colour'],
  ])('rejects %s with 422 naming the field', async (_name, path, field) => {
    const response = await call<{ errors: { field: string }[] }>(service.url, {
      method: 'GET',
      template: '/orders',
      path,
    });
    expect(response.status).toBe(422);
    expect(response.body.errors.map((error) => error.field)).toContain(field);
  });

  it('serves its OpenAPI document as YAML and JSON', async () => {
    const yaml = await request(`${service.url}/openapi.yaml`);
    expect(yaml.status).toBe(200);
    expect(yaml.text).toBe(openapiText());
    const json = await call<{ info: { version: string } }>(service.url, { method: 'GET', template: '/openapi.json' });
    expect(json.body.info.version).toBe('1.0.0');
  });

  it('reports liveness and readiness with every check', async () => {
    expect((await call(service.url, { method: 'GET', template: '/health/live' })).body).toEqual({ status: 'ok' });
    const ready = await call<{ status: string; checks: Record<string, { status: string }> }>(service.url, {
      method: 'GET',
      template: '/health/ready',
    });
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.checks).sort()).toEqual([
      'broker',
      'order.consumer',
      'order.database',
      'order.outbox',
      'payment.consumer',
      'payment.database',
      'payment.outbox',
    ]);
    expect(ready.body.checks['order.outbox']).toHaveProperty('backlog');
    const kind = process.env.TRACEGATE_TEST_DATABASE_URL ? 'postgres' : 'pglite';
    expect(ready.body.checks['order.database']).toEqual({ status: 'ok', kind });
    expect(ready.body.checks['payment.database']).toEqual({ status: 'ok', kind });
  });

  it('exposes Prometheus metrics by route and status', async () => {
    const consumed =
      /messages_consumed_total\{topic="order.created",consumer="[^"]*payment-service",outcome="processed"\}/;
    // The payment context consumes the orders created above asynchronously: wait (bounded) until it has counted one.
    const metrics = await eventually(
      async () => {
        const answer = await request(`${service.url}/metrics`);
        return consumed.test(answer.text) ? answer : undefined;
      },
      { what: 'an order.created consumed by the payment context in /metrics' },
    );
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(
      /http_request_duration_seconds_count\{method="POST",route="\/orders",status_code="201"\} \d+/,
    );
    expect(metrics.text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/orders\/:id",status_code="200"\} \d+/,
    );
    expect(metrics.text).toMatch(/orders_created_total [1-9]/);
    expect(metrics.text).toMatch(/outbox_backlog\{context="order"\} \d+/);
    expect(metrics.text).toMatch(/outbox_publish_latency_seconds_bucket/);
    expect(metrics.text).toMatch(consumed);
  });
});
