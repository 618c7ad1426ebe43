import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadOpenApi } from '@tracegate/contracts';
import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numericOperations, strictNumericQuery } from './numeric-query.ts';

describe('numericOperations', () => {
  it('finds the integer query parameters the OpenAPI document declares', () => {
    const operations = numericOperations(loadOpenApi());
    const list = operations.find((op) => op.method === 'GET' && op.path.test('/orders'));
    expect(list?.parameters).toEqual([{ name: 'limit', integer: true }]);
    expect(operations.some((op) => op.path.test('/orders/x/y'))).toBe(false);
  });
});

describe('strictNumericQuery', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.use(strictNumericQuery(loadOpenApi()));
    app.get('/orders', (_req, res) => {
      res.json({ passed: true });
    });
    app.use((error: { fields?: unknown }, _req: Request, res: Response, _next: NextFunction) => {
      res.status(422).json({ fields: error.fields });
    });
    server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it.each(['Infinity', '1e400', '-1e400', '0x10', '0b11', '100.0', ' 5', '05', ''])(
    'rejects limit=%j',
    async (value) => {
      const response = await fetch(`${base}/orders?limit=${encodeURIComponent(value)}`);
      expect(response.status).toBe(422);
      expect(await response.json()).toEqual({
        fields: [{ field: '/query/limit', message: 'must be an integer in plain decimal digits' }],
      });
    },
  );

  it.each(['1', '100', '101', '-3'])('lets limit=%s through to the range check', async (value) => {
    const response = await fetch(`${base}/orders?limit=${value}`);
    expect(await response.json()).toEqual({ passed: true });
  });
});
