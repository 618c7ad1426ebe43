import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceError } from '../errors.ts';
import { createLogger } from '../logging/logger.ts';
import { errorHandler, notFound } from './error-handler.ts';
import { correlation } from './middleware.ts';

describe('errorHandler', () => {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    serviceName: 'order-service',
    serviceVersion: '1.0.0',
    level: 'info',
    destination: new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    }),
  });
  const tracer = new TracerProvider().getTracer('test');
  let server: Server;
  let base: string;

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const app = express();
    app.use((_req, _res, next) => {
      const span = tracer.startSpan('request');
      context.with(trace.setSpan(context.active(), span), next);
    });
    app.use(correlation);
    app.get('/boom', () => {
      throw new Error('connection to 10.0.0.7:5432 refused; password=hunter2');
    });
    app.get('/missing', () => {
      throw new ServiceError('NOT_FOUND', 'order 1 does not exist');
    });
    app.use(notFound);
    app.use(errorHandler(logger));
    server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    context.disable();
  });

  it('answers an unknown error with a bare 500 and logs it with the trace and correlation ids', async () => {
    const response = await fetch(`${base}/boom`, { headers: { 'x-correlation-id': 'req-500' } });
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = JSON.parse(text);
    expect(body).toEqual({
      type: 'urn:tracegate:problem:internal-error',
      title: 'Internal server error',
      status: 500,
      detail: 'an unexpected error occurred; quote the correlation id',
      instance: '/boom',
      correlationId: 'req-500',
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(text).not.toMatch(/10\.0\.0\.7|hunter2|Error:|\.ts/);
    const logged = lines.find((line) => line.msg === 'unhandled error');
    expect(logged).toMatchObject({ level: 'error', correlation_id: 'req-500', path: '/boom' });
    expect(String((logged?.err as { message?: string } | undefined)?.message)).toContain('refused');
  });

  it('maps a typed service error to its status', async () => {
    const response = await fetch(`${base}/missing`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      type: 'urn:tracegate:problem:not-found',
      detail: 'order 1 does not exist',
    });
  });
});
