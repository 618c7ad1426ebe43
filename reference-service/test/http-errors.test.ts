import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call } from './support/api-client.ts';
import { orderBody, request } from './support/http.ts';
import type { ServiceUnderTest } from './support/service-process.ts';
import { startReferenceService } from './support/service-process.ts';

interface Problem {
  type: string;
  title: string;
  status: number;
  correlationId: string;
  traceId?: string;
  detail?: string;
  errors?: { field: string; message: string }[];
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('errors, correlation ids and logs', () => {
  let service: ServiceUnderTest;

  beforeAll(async () => {
    service = await startReferenceService({ brokers: inject('kafkaBrokers'), label: 'http-errors' });
  });
  afterAll(async () => service?.stop());

  function expectProblem(response: { status: number; headers: Headers; body: Problem }, status: number, kind: string) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: `urn:tracegate:problem:${kind}`, status });
    expect(response.body.correlationId).toBe(response.headers.get('x-correlation-id'));
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts:\d+|node_modules|stack/);
  }

  it('answers malformed JSON with 400', async () => {
    const response = await call<Problem>(service.url, {
      method: 'POST',
      template: '/orders',
      rawBody: '{"customerId":',
    });
    expectProblem(response, 400, 'malformed-request');
  });

  it('answers a body over the limit with 413', async () => {
    const big = JSON.stringify({ ...orderBody(), padding: 'x'.repeat(70_000) });
    const response = await call<Problem>(service.url, { method: 'POST', template: '/orders', rawBody: big });
    expectProblem(response, 413, 'payload-too-large');
  });

  it('answers a non-JSON content type with 415', async () => {
    const response = await call<Problem>(service.url, {
      method: 'POST',
      template: '/orders',
      rawBody: 'customerId=c-1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(response, 415, 'unsupported-media-type');
  });

  it('answers an invalid body with 422 naming every failing field', async () => {
    const response = await call<Problem>(service.url, {
      method: 'POST',
      template: '/orders',
      body: { customerId: 'c 1', currency: 'euro', items: [{ sku: 'A', quantity: 0, unitPrice: 1 }], extra: true },
    });
    expectProblem(response, 422, 'validation-failed');
    expect(response.body.errors?.map((error) => error.field).sort()).toEqual(
      ['/body/currency', '/body/customerId', '/body/extra', '/body/items/0/quantity'].sort(),
    );
  });

  it('answers an unknown order with 404 and an unknown path with 404', async () => {
    const order = await call<Problem>(service.url, {
      method: 'GET',
      template: '/orders/{id}',
      path: `/orders/${randomUUID()}`,
    });
    expectProblem(order, 404, 'not-found');
    const path = await request(`${service.url}/nowhere`);
    expect(path.status).toBe(404);
    expect((path.body as Problem).type).toBe('urn:tracegate:problem:not-found');
  });

  it('answers an id that is not a uuid with 422', async () => {
    const response = await call<Problem>(service.url, { method: 'GET', template: '/orders/{id}', path: '/orders/42' });
    expectProblem(response, 422, 'validation-failed');
    expect(response.body.errors?.[0]?.field).toBe('/path/id');
  });

  it('answers an illegal transition (cancelling twice) with 409', async () => {
    const created = await call<{ id: string }>(service.url, { method: 'POST', template: '/orders', body: orderBody() });
    const path = `/orders/${created.body.id}/cancel`;
    const first = await call<{ status: string }>(service.url, {
      method: 'POST',
      template: '/orders/{id}/cancel',
      path,
    });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('CANCELLED');
    const second = await call<Problem>(service.url, { method: 'POST', template: '/orders/{id}/cancel', path });
    expectProblem(second, 409, 'illegal-transition');
    expect(second.body.detail).toContain('is CANCELLED and cannot be cancelled');
  });

  it('answers an unsupported method with 405 and Allow', async () => {
    const response = await request(`${service.url}/orders`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toMatch(/GET/);
    expect((response.body as Problem).type).toBe('urn:tracegate:problem:method-not-allowed');
  });

  it('echoes a well-formed correlation id and generates one when absent', async () => {
    const id = `req-${randomBytes(4).toString('hex')}`;
    const echoed = await request(`${service.url}/health/live`, { headers: { 'x-correlation-id': id } });
    expect(echoed.headers.get('x-correlation-id')).toBe(id);
    const generated = await request(`${service.url}/health/live`);
    expect(generated.headers.get('x-correlation-id')).toMatch(uuid);
  });

  it.each([
    ['10 kB', 'a'.repeat(10_240)],
    ['spaces and quotes', 'a b"c'],
    ['a header-injection attempt, percent-encoded', 'abc%0d%0aSet-Cookie:%20x=1'],
  ])('replaces a correlation id of %s instead of echoing it', async (_name, value) => {
    const response = await request(`${service.url}/orders`, {
      body: orderBody(),
      headers: { 'x-correlation-id': value },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-correlation-id')).toMatch(uuid);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect((response.body as { correlationId: string }).correlationId).toBe(response.headers.get('x-correlation-id'));
  });

  it('continues an incoming W3C traceparent', async () => {
    const traceId = randomBytes(16).toString('hex');
    const id = `req-${randomBytes(4).toString('hex')}`;
    const response = await request(`${service.url}/orders/${randomUUID()}`, {
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`, 'x-correlation-id': id },
    });
    expect(response.status).toBe(404);
    expect((response.body as Problem).traceId).toBe(traceId);
    const line = await service.logs.waitFor({ correlationId: id, message: 'request completed' }, { timeoutMs: 5_000 });
    expect(line.traceId).toBe(traceId);
  });

  it('logs every request line with the correlation id and only allow-listed headers', async () => {
    const id = `req-${randomBytes(4).toString('hex')}`;
    await request(`${service.url}/orders`, {
      body: orderBody(),
      headers: {
        'x-correlation-id': id,
        authorization: 'Bearer top-secret-token',
        cookie: 'session=top-secret-cookie',
        'x-api-key': 'top-secret-key',
        'x-forwarded-for': '203.0.113.7',
      },
    });
    const line = await service.logs.waitFor({ correlationId: id, message: 'request completed' }, { timeoutMs: 5_000 });
    expect(line.json).toMatchObject({ 'service.name': 'reference-service', correlation_id: id, level: 'info' });
    expect(line.traceId).toMatch(/^[0-9a-f]{32}$/);
    const headers = (line.json as { req: { headers: Record<string, unknown> } }).req.headers;
    expect(Object.keys(headers)).toEqual(expect.arrayContaining(['content-type', 'x-correlation-id']));
    for (const name of ['authorization', 'cookie', 'x-api-key', 'x-forwarded-for'])
      expect(headers).not.toHaveProperty(name);
    expect(line.raw).not.toContain('203.0.113.7');
    expect(service.logs.lines().some((captured) => captured.raw.includes('top-secret'))).toBe(false);
  });

  it('keeps one JSON object per line whatever a user string contains', async () => {
    const created = await call<{ id: string }>(service.url, { method: 'POST', template: '/orders', body: orderBody() });
    const forged = 'bye\n{"level":"fatal","msg":"forged line"}\r\n\u2028"}';
    await call(service.url, {
      method: 'POST',
      template: '/orders/{id}/cancel',
      path: `/orders/${created.body.id}/cancel`,
      body: { reason: forged },
    });
    const line = await service.logs.waitFor({ message: 'order cancelled', fields: { orderId: created.body.id } });
    expect(line.json?.reason).toBe(forged);
    expect(service.logs.nonJsonLines().filter((captured) => captured.raw.startsWith('{'))).toEqual([]);
    expect(service.logs.find({ message: 'forged line' })).toEqual([]);
  });
});
