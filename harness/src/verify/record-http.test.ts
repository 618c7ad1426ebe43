import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type RecordingProxy, startRecordingProxy } from './record-http.ts';

let upstream: Server | undefined;
let proxy: RecordingProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  await new Promise((resolve) => (upstream ? upstream.close(resolve) : resolve(undefined)));
  upstream = undefined;
  proxy = undefined;
});

async function echoService(): Promise<string> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json', location: '/orders/o-1' });
      res.end(JSON.stringify({ id: 'o-1', echoed: body ? JSON.parse(body) : null, path: req.url }));
    });
  });
  upstream = server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('startRecordingProxy', () => {
  it('forwards requests unchanged and records method, path, bodies, headers and status', async () => {
    proxy = await startRecordingProxy({ service: 'order-service', target: await echoService() });
    const response = await fetch(`${proxy.url}/orders?limit=5`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-correlation-id': 'c-1' },
      body: JSON.stringify({ items: [1, 2] }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('/orders/o-1');
    expect(await response.json()).toEqual({ id: 'o-1', echoed: { items: [1, 2] }, path: '/orders?limit=5' });
    const [exchange] = proxy.exchanges();
    expect(exchange).toMatchObject({
      service: 'order-service',
      method: 'POST',
      path: '/orders?limit=5',
      url: `${proxy.url}/orders?limit=5`,
      requestBody: '{"items":[1,2]}',
      status: 201,
      responseHeaders: expect.objectContaining({ location: '/orders/o-1' }),
    });
    expect(exchange?.requestHeaders['x-correlation-id']).toBe('c-1');
    expect(JSON.parse(exchange?.responseBody ?? '{}')).toMatchObject({ id: 'o-1' });
  });

  it('answers 502 with the reason when the service does not answer', async () => {
    const url = await echoService();
    await new Promise((resolve) => upstream?.close(resolve));
    upstream = undefined;
    proxy = await startRecordingProxy({ service: 'order-service', target: url });
    const response = await fetch(`${proxy.url}/orders`);
    expect(response.status).toBe(502);
    expect(await response.text()).toMatch(
      /^tracegate recording proxy: order-service did not answer: connect ECONNREFUSED/,
    );
  });
});
