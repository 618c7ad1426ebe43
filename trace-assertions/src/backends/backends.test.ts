import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTraceAssertionError } from '../errors.ts';
import { findSpans } from '../query/find-spans.ts';
import { fixtureSpans, fixtureText, ORDER_FLOW } from '../test-support/fixtures.ts';
import type { Span } from '../types.ts';
import { jaegerBackend, tempoBackend } from './backends.ts';

const ID = ORDER_FLOW.traceId;
let server: Server;
let baseUrl: string;
let hits = 0;
const routes: Record<string, () => [number, string]> = {
  [`/api/v3/traces/${ID}`]: () => [200, fixtureText('traces/jaeger-v3.json')],
  [`/api/traces/${ID}`]: () => [200, fixtureText('traces/tempo.json')],
  [`/legacy/api/traces/${ID}`]: () => [200, fixtureText('traces/jaeger-legacy.json')],
  [`/broken/api/traces/${ID}`]: () => [500, 'boom'],
  [`/late/api/traces/${ID}`]: () => (++hits < 3 ? [404, '{}'] : [200, fixtureText('traces/tempo.json')]),
};

beforeAll(async () => {
  server = createServer((request, response) => {
    const route = routes[request.url ?? ''];
    const [status, body] = route ? route() : [404, '{"error":"trace not found"}'];
    response.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const expected = fixtureSpans('order-flow').filter((s) => s.traceId === ID);
const comparable = (spans: readonly Span[]) =>
  [...spans]
    .map((s) => ({
      id: s.spanId,
      parent: s.parentSpanId,
      name: s.name,
      kind: s.kind,
      service: s.service,
      status: s.status.code,
      duration: Math.round(s.durationMs),
      attributes: s.attributes,
      events: s.events.map((e) => e.name),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));

describe('trace backends normalize to the same span model', () => {
  it.each([
    ['jaeger v3', () => jaegerBackend({ baseUrl })],
    ['tempo', () => tempoBackend({ baseUrl: `${baseUrl}/` })],
  ])('%s', async (_name, backend) => {
    const trace = await backend().fetchTrace(ID);
    expect(comparable(trace?.spans ?? [])).toEqual(comparable(expected));
    expect(trace?.spans[0]?.startTimeUnixNano).toBe(expected[0]?.startTimeUnixNano);
  });

  it('jaeger legacy (microseconds, typed tags, references)', async () => {
    const trace = await jaegerBackend({ baseUrl: `${baseUrl}/legacy`, api: 'legacy' }).fetchTrace(ID);
    const spans = trace?.spans ?? [];
    const legacy = comparable(spans).map((s) => ({ ...s, attributes: { ...s.attributes, 'order.items': undefined } }));
    const want = comparable(expected).map((s) => ({ ...s, attributes: { ...s.attributes, 'order.items': undefined } }));
    expect(legacy).toEqual(want);
    expect(findSpans(spans, 'span[status="error"]')[0]?.status.message).toBe('card declined');
    expect(findSpans(spans, 'span[kind="server"]')[0]?.resource).toMatchObject({
      'service.name': 'order-service',
      'deployment.environment.name': 'test',
    });
  });

  it('returns undefined for an unknown trace and BACKEND_ERROR for a failing backend', async () => {
    expect(await jaegerBackend({ baseUrl }).fetchTrace('f'.repeat(32))).toBeUndefined();
    const error = await tempoBackend({ baseUrl: `${baseUrl}/broken` })
      .fetchTrace(ID)
      .catch((e: unknown) => e);
    expect(isTraceAssertionError(error, 'BACKEND_ERROR')).toBe(true);
    expect((error as Error).message).toContain('answered 500: boom');
  });

  it('polls until the trace appears (backends poll; the receiver is push)', async () => {
    hits = 0;
    const trace = await tempoBackend({ baseUrl: `${baseUrl}/late` }).waitForTrace(ID, {
      pollIntervalMs: 10,
      until: ['span[kind="consumer"]'],
      timeoutMs: 3000,
    });
    expect(trace.spans).toHaveLength(7);
    expect(hits).toBeGreaterThanOrEqual(4);
  });

  it('times out with TRACE_TIMEOUT and the nearest candidates', async () => {
    const error = await jaegerBackend({ baseUrl })
      .waitForTrace(ID, { pollIntervalMs: 10, timeoutMs: 50, until: ['span[service.name="inventory"]'] })
      .catch((e: unknown) => e);
    expect(isTraceAssertionError(error, 'TRACE_TIMEOUT')).toBe(true);
    expect((error as Error).message).toMatch(
      /^jaeger v3: trace 4bf9.* not complete after 50 ms\nspans seen for trace .* \(7\):/,
    );
    expect((error as Error).message).toContain('unmatched: span[service.name="inventory"]');
  });
});
