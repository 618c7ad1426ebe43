import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TappedMessage } from '@tracegate/trace-assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEnvironment } from '../../run/types.ts';
import { compareStates, probePath, readStates, type StateReading } from './state-probes.ts';

const message = {
  topic: 'order.created',
  partition: 1,
  offset: '7',
  key: 'k 1',
  value: '{"orderId":"o/1","nested":{"n":3},"list":[1]}',
  json: { orderId: 'o/1', nested: { n: 3 }, list: [1] },
  headers: { ce_id: 'e-1' },
} as unknown as TappedMessage;

describe('probePath', () => {
  it.each([
    ['/orders/{value.orderId}', '/orders/o%2F1'],
    ['/x/{value.nested.n}/{key}', '/x/3/k%201'],
    ['/events/{headers.ce_id}', '/events/e-1'],
    ['/plain', '/plain'],
  ])('%s → %s', (path, expected) => {
    expect(probePath(path, message)).toBe(expected);
  });

  it.each([
    ['/orders/{value.missing}', 'value.missing'],
    ['/orders/{value.list}', 'value.list'],
    ['/orders/{partition}', 'partition'],
  ])('refuses %s, naming the field', (path, field) => {
    expect(() => probePath(path, message)).toThrow(`the redelivered message has no value at ${field}`);
  });
});

describe('compareStates', () => {
  const reading = (body: string, status = 200): StateReading => ({
    probe: 'GET /orders/{value.orderId} on order-service',
    url: 'http://127.0.0.1:1/orders/o',
    status,
    body,
  });

  it('passes when every probe answers the same', () => {
    const same = [reading('{"a":1}')];
    expect(compareStates('t: redelivery state', same, same)).toEqual({
      name: 't: redelivery state',
      status: 'passed',
      message: '1 state probe(s) answered the same after the redelivery',
    });
  });

  it('fails on a changed body, naming the changed fields, with a curl of the probe', () => {
    const check = compareStates('t: redelivery state', [reading('{"a":1,"b":2}')], [reading('{"a":1,"b":3,"c":0}')]);
    expect(check.status).toBe('failed');
    expect(check.message).toMatchInlineSnapshot(`
      "the redelivered duplicate changed declared state:
      GET /orders/{value.orderId} on order-service (changed: b, c): before 200 {"a":1,"b":2}; after 200 {"a":1,"b":3,"c":0}"
    `);
    expect(check.evidence).toEqual([
      expect.objectContaining({ kind: 'http-request', curl: "curl -X GET 'http://127.0.0.1:1/orders/o'" }),
    ]);
  });

  it('fails on a changed status and on a probe that could not be read', () => {
    expect(compareStates('t', [reading('x')], [reading('x', 404)]).status).toBe('failed');
    const broken = compareStates('t', [{ probe: 'p', error: 'no running service named s' }], [reading('x')]);
    expect(broken.status).toBe('failed');
    expect(broken.message).toContain('p: could not be read (no running service named s)');
  });
});

describe('readStates', () => {
  let server: Server;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits += 1;
      res.writeHead(req.url === '/orders/o%2F1' ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ url: req.url, hits }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('asks the named service for the filled-in path, and sees a change between two reads', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const env = { services: new Map([['order-service', { name: 'order-service', url }]]) } as unknown as RunEnvironment;
    const probes = [{ service: 'order-service', path: '/orders/{value.orderId}' }];
    const before = await readStates(env, probes, message);
    expect(before).toEqual([
      {
        probe: 'GET /orders/{value.orderId} on order-service',
        url: `${url}/orders/o%2F1`,
        status: 200,
        body: JSON.stringify({ url: '/orders/o%2F1', hits: 1 }),
      },
    ]);
    const after = await readStates(env, probes, message);
    expect(compareStates('t', before, after).message).toContain('(changed: hits)');
    const unknown = await readStates(env, [{ service: 'nope', path: '/x' }], message);
    expect(unknown).toEqual([{ probe: 'GET /x on nope', error: 'no running service named nope' }]);
  });
});
