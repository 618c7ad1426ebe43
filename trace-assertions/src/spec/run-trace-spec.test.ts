import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTraceAssertionError } from '../errors.ts';
import { captureLogs } from '../logs/capture-logs.ts';
import type { LogStore } from '../logs/log-store.ts';
import { issuesOf } from '../outcome.ts';
import { findSpans } from '../query/find-spans.ts';
import { type OtlpReceiver, startOtlpReceiver } from '../receiver/start-otlp-receiver.ts';
import { fixtureText } from '../test-support/fixtures.ts';
import { type OrderServer, startOrderServer } from '../test-support/order-server.ts';
import { toJUnit } from './junit.ts';
import { loadTraceSpec } from './load-trace-spec.ts';
import { runTraceSpec, runTraceSpecs } from './run-trace-spec.ts';

let receiver: OtlpReceiver;
let server: OrderServer;
let logs: LogStore;
const spec = (file: string) => loadTraceSpec(fixtureText(`specs/${file}`), { source: `fixtures/specs/${file}` });

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  server = await startOrderServer({ grpcEndpoint: receiver.grpcEndpoint });
  logs = captureLogs(server.logs);
});
afterAll(async () => {
  await server?.close();
  await receiver?.close();
});

describe('runTraceSpec against a server instrumented with the real OpenTelemetry SDK', () => {
  it('passes create-order.yaml: the trace id it put in traceparent is the trace the spans arrive in', async () => {
    const result = await runTraceSpec(spec('create-order.yaml'), { baseUrl: server.baseUrl, receiver, logs });
    expect(result.ok, JSON.stringify(result, null, 2)).toBe(true);
    expect(result).toMatchObject({
      name: 'order is created and published',
      trigger: { ok: true, status: 201 },
      source: 'fixtures/specs/create-order.yaml',
      chain: { ok: true, traceIds: [result.traceId] },
    });
    expect(result.results.map((r) => [r.selector, r.ok, r.matched])).toEqual([
      ['span[service.name="order-service" kind="server"]', true, 1],
      ['span[kind="server"] span[name="orders.create"] > span[kind="producer"]', true, 1],
      ['span[service.name="payment-service" kind="consumer"]', true, 1],
      ['span[status="error"]', true, 0],
    ]);
    const trace = receiver.store.trace(result.traceId);
    const [serverSpan] = findSpans(trace?.spans ?? [], 'span[kind="server"]');
    expect(serverSpan?.parentSpanId).toMatch(/^[0-9a-f]{16}$/);
    expect(serverSpan?.attributes['correlation.id']).toBe(result.correlationId);
    const [create] = findSpans(trace?.spans ?? [], 'span[name="orders.create"]');
    expect(create?.attributes['order.id']).toBe(`o-${result.correlationId}`);
    expect(logs.find({ traceId: result.traceId, service: 'payment-service' })).toHaveLength(1);
  });

  it('reports every failed expectation, with expected and actual', async () => {
    const result = await runTraceSpec(spec('create-order-wrong-expectations.yaml'), {
      baseUrl: server.baseUrl,
      receiver,
      timeoutMs: 1500,
    });
    expect(result.ok).toBe(false);
    expect(result.trigger).toEqual({ ok: true, status: 201 });
    const failures = result.results.map((r) => ({
      selector: r.selector,
      ok: r.ok,
      failures: issuesOf(r).map((f) => `${f.check}: expected ${f.expected}, got ${f.actual}`),
    }));
    expect(failures).toMatchInlineSnapshot(`
      [
        {
          "failures": [
            "attr:http.response.status_code = 500: expected = 500, got 201",
            "attr:user.id exists: expected exists, got (absent)",
            "name contains "GET": expected contains "GET", got "POST /orders"",
          ],
          "ok": false,
          "selector": "span[service.name="order-service" kind="server"]",
        },
        {
          "failures": [
            "count: expected exactly 2, got 1",
          ],
          "ok": false,
          "selector": "span[kind="producer"]",
        },
        {
          "failures": [
            "count: expected at least 1, got 0",
          ],
          "ok": false,
          "selector": "span[service.name="inventory-service"]",
        },
      ]
    `);
    expect(issuesOf(result.results[2] ?? { ok: true })[0]?.message).toContain('nearest candidates:');
    if (result.ok) throw new Error('expected issues');
    expect(result.issues.map(({ code, path }) => `${code} ${path}`)).toEqual([
      'ASSERTION_FAILED specs[0]: span[service.name="order-service" kind="server"] › attr:http.response.status_code = 500',
      'ASSERTION_FAILED specs[0]: span[service.name="order-service" kind="server"] › attr:user.id exists',
      'ASSERTION_FAILED specs[0]: span[service.name="order-service" kind="server"] › name contains "GET"',
      'COUNT_MISMATCH specs[1]: span[kind="producer"]',
      'SPAN_NOT_FOUND specs[2]: span[service.name="inventory-service"]',
    ]);
    expect(result.issues[3]).toMatchObject({ expected: 'exactly 2', actual: '1' });
  });

  it('fails when the service drops the incoming traceparent: the spans land in another trace', async () => {
    const dropping = await startOrderServer({ grpcEndpoint: receiver.grpcEndpoint, propagate: false });
    try {
      const result = await runTraceSpec(spec('create-order.yaml'), {
        baseUrl: dropping.baseUrl,
        receiver,
        timeoutMs: 1000,
      });
      expect(result.ok).toBe(false);
      expect(result.trigger.ok).toBe(true);
      expect(result.results.map((r) => r.matched)).toEqual([0, 0, 0, 0]);
      expect(result.chain?.firstBroken?.index).toBe(0);
      const orphan = receiver.store.find({ kind: 'server', attributes: { 'correlation.id': result.correlationId } });
      expect(orphan).toHaveLength(1);
      expect(orphan[0]?.traceId).not.toBe(result.traceId);
    } finally {
      await dropping.close();
    }
  });

  it('does not wait when the trigger cannot be sent, and says why', async () => {
    const started = performance.now();
    const result = await runTraceSpec(spec('create-order.yaml'), { baseUrl: 'http://127.0.0.1:1', receiver });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.ok).toBe(false);
    expect(result.trigger.error).toContain('POST http://127.0.0.1:1/orders failed');
    expect(issuesOf(result.results[0] ?? { ok: true })[0]?.message).toContain(
      'not evaluated: POST http://127.0.0.1:1/orders failed',
    );
    expect(result.chain).toBeUndefined();
    expect(result.ok ? [] : result.issues[0]).toMatchObject({
      code: 'REQUEST_FAILED',
      path: 'trigger',
      actual: 'no answer',
      evidence: { exchange: { method: 'POST', url: 'http://127.0.0.1:1/orders' } },
    });
  });

  it('runs several specs in order and renders JUnit', async () => {
    const results = await runTraceSpecs([spec('create-order.yaml'), spec('create-order-wrong-expectations.yaml')], {
      baseUrl: server.baseUrl,
      store: receiver.store,
      timeoutMs: 1500,
    });
    expect(results.map((r) => [r.name, r.ok])).toEqual([
      ['order is created and published', true],
      ['order spec with wrong expectations', false],
    ]);
    expect(new Set(results.map((r) => r.traceId)).size).toBe(2);
    const xml = toJUnit(results);
    expect(xml).toContain('<testsuites name="trace specs" tests="10" failures="3"');
    expect(xml).toContain(`<property name="traceId" value="${results[0]?.traceId}"/>`);
  });

  it('needs a receiver or a store', async () => {
    const error = await runTraceSpec(spec('create-order.yaml'), { baseUrl: server.baseUrl }).catch((e: unknown) => e);
    expect(isTraceAssertionError(error, 'INVALID_ARGUMENT')).toBe(true);
  });
});
