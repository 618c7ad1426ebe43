import type { KafkaTap } from '@tracegate/trace-assertions';
import { tapKafka } from '@tracegate/trace-assertions';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call } from './support/api-client.ts';
import { orderBody, request } from './support/http.ts';
import type { RawResponse } from './support/raw-http.ts';
import { rawRequest } from './support/raw-http.ts';
import type { ServiceUnderTest } from './support/service-process.ts';
import { startReferenceService } from './support/service-process.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function expectRawProblem(response: RawResponse, status: number, kind: string): void {
  expect(response.status, response.body).toBe(status);
  expect(response.headers['content-type']).toBe('application/problem+json');
  const body = JSON.parse(response.body) as { type: string; status: number; correlationId: string };
  expect(body).toMatchObject({ type: `urn:tracegate:problem:${kind}`, status });
  expect(body.correlationId).toMatch(uuid);
  expect(response.headers['x-correlation-id']).toBe(body.correlationId);
}

describe('hostile input to the reference service', () => {
  let service: ServiceUnderTest;
  let tap: KafkaTap;

  beforeAll(async () => {
    const brokers = inject('kafkaBrokers');
    service = await startReferenceService({ brokers, label: 'hostile-input' });
    tap = await tapKafka({ brokers, topics: [service.topic('order.cancelled')] });
  });
  afterAll(async () => {
    await tap?.stop();
    await service?.stop();
  });

  async function stillServes(): Promise<void> {
    const page = await call(service.url, { method: 'GET', template: '/orders', path: '/orders?limit=1' });
    expect(page.status).toBe(200);
  }

  it.each(['Infinity', '1e400', '-1e400', '0x10', '0b11', '100.0', '+5', ' 5', '05', ''])(
    'rejects limit=%j with 422 naming /query/limit',
    async (value) => {
      const response = await call<{ errors: { field: string }[] }>(service.url, {
        method: 'GET',
        template: '/orders',
        path: `/orders?limit=${encodeURIComponent(value)}`,
      });
      expect(response.status).toBe(422);
      expect(response.body.errors.map((error) => error.field)).toEqual(['/query/limit']);
      await stillServes();
    },
  );

  it('rejects a repeated limit and still accepts a plain one', async () => {
    const repeated = await call(service.url, { method: 'GET', template: '/orders', path: '/orders?limit=5&limit=6' });
    expect(repeated.status).toBe(422);
    const plain = await call(service.url, { method: 'GET', template: '/orders', path: '/orders?limit=100' });
    expect(plain.status).toBe(200);
  });

  it.each([
    { label: 'a bare CR in a header value', header: 'x-correlation-id: abc\rdef\r\n', status: 400 },
    { label: 'a bare LF in a header value', header: 'x-correlation-id: abc\ndef\r\n', status: 400 },
    { label: 'an obs-fold continuation line', header: 'x-correlation-id: abc\r\n  continued\r\n', status: 400 },
    { label: 'a 20 KB Idempotency-Key', header: `idempotency-key: ${'k'.repeat(20_000)}\r\n`, status: 431 },
  ])('answers $label with problem+json $status and a correlation id', async ({ header, status }) => {
    const response = await rawRequest(service.url, `GET /orders HTTP/1.1\r\nhost: localhost\r\n${header}\r\n`);
    expectRawProblem(response, status, status === 431 ? 'header-fields-too-large' : 'malformed-request');
    await stillServes();
  });

  it('answers raw non-ASCII bytes in the path with problem+json 400', async () => {
    const bytes = Buffer.concat([
      Buffer.from('GET /orders/'),
      Buffer.from([0xc3, 0xa9, 0xff]),
      Buffer.from(' HTTP/1.1\r\nhost: localhost\r\n\r\n'),
    ]);
    expectRawProblem(await rawRequest(service.url, bytes), 400, 'malformed-request');
    await stillServes();
  });

  it('answers a body that is not what its Content-Encoding says with 400 malformed-request', async () => {
    const response = await call<{ type: string; detail: string }>(service.url, {
      method: 'POST',
      template: '/orders',
      rawBody: JSON.stringify(orderBody()),
      headers: { 'content-encoding': 'br' },
    });
    expect(response.status).toBe(400);
    expect(response.body.type).toBe('urn:tracegate:problem:malformed-request');
    expect(response.body.detail).toMatch(/Content-Encoding/);
    const created = await request(`${service.url}/orders`, { body: orderBody() });
    expect(created.status).toBe(201);
  });

  it('rejects a cancellation reason with U+0000 as 422 naming /body/reason, storing and publishing nothing', async () => {
    const created = await call<{ id: string }>(service.url, { method: 'POST', template: '/orders', body: orderBody() });
    const path = `/orders/${created.body.id}/cancel`;
    const rejected = await call<{ type: string; errors: { field: string }[] }>(service.url, {
      method: 'POST',
      template: '/orders/{id}/cancel',
      path,
      body: { reason: 'changed\u0000my mind' },
    });
    expect(rejected.status).toBe(422);
    expect(rejected.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(rejected.body.type).toBe('urn:tracegate:problem:validation-failed');
    expect(rejected.body.errors.map((error) => error.field)).toEqual(['/body/reason']);
    const order = await call<{ status: string }>(service.url, {
      method: 'GET',
      template: '/orders/{id}',
      path: `/orders/${created.body.id}`,
    });
    expect(order.body.status).not.toBe('CANCELLED');
    // A later valid cancellation is the order's first: the rejected one neither stored nor enqueued anything.
    const cancelled = await call(service.url, {
      method: 'POST',
      template: '/orders/{id}/cancel',
      path,
      body: { reason: 'changed my mind' },
    });
    expect(cancelled.status).toBe(200);
    await tap.waitFor({ key: created.body.id }, { timeoutMs: 20_000 });
    const events = tap.find({ topic: service.topic('order.cancelled'), key: created.body.id });
    expect(events.map((event) => (event.json as { reason: string }).reason)).toEqual(['changed my mind']);
  });
});
