import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../backends/poll-backend.ts';
import { captureLogs } from '../logs/capture-logs.ts';
import type { LogStore } from '../logs/log-store.ts';
import { type OtlpReceiver, startOtlpReceiver } from '../receiver/start-otlp-receiver.ts';
import { fixtureText } from '../test-support/fixtures.ts';
import { type OrderServer, startOrderServer } from '../test-support/order-server.ts';
import { loadTraceSpec } from './load-trace-spec.ts';
import { runTraceSpec } from './run-trace-spec.ts';
import type { TraceSpecDocument } from './types.ts';

let receiver: OtlpReceiver;
let server: OrderServer;
let logs: LogStore;
const createOrder = () => loadTraceSpec(fixtureText('specs/create-order.yaml'), { source: 'create-order.yaml' });

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  server = await startOrderServer({ grpcEndpoint: receiver.grpcEndpoint });
  logs = captureLogs(server.logs);
});
afterAll(async () => {
  await server?.close();
  await receiver?.close();
});

/** The trigger, then a follow-up that reads the first answer's orderId and must cause its own orders.create span. */
function withFollowUp(correlationId: string, until?: { field: string; equals: string; timeoutMs: number }) {
  const base = createOrder();
  const followUp = {
    http: {
      method: 'POST',
      url: '/orders/${response.orderId}/again',
      headers: {},
      body: { orderId: '${response.orderId}-2' },
      expectStatus: 201 as const,
      ...(until ? { until } : {}),
    },
    chain: [
      { kind: 'span' as const, query: { name: 'orders.create', attributes: { 'order.id': `o-${correlationId}-2` } } },
    ],
  };
  return { ...base, specs: [], followUps: [followUp] } satisfies TraceSpecDocument;
}

describe('runTraceSpec with follow-up requests', () => {
  it('sends each follow-up with values from the previous answer and checks its chain after the trigger’s', async () => {
    const correlationId = `c-${Date.now()}`;
    const spec = withFollowUp(correlationId, { field: 'orderId', equals: `o-${correlationId}-2`, timeoutMs: 2000 });
    const result = await runTraceSpec(spec, { baseUrl: server.baseUrl, receiver, logs, correlationId });
    expect(result.ok, JSON.stringify(result.chain, null, 2)).toBe(true);
    expect(result.requests?.map((r) => [r.ok, r.exchange.url, r.exchange.body])).toEqual([
      [true, `${server.baseUrl}/orders`, JSON.stringify({ orderId: `o-${correlationId}` })],
      [true, `${server.baseUrl}/orders/o-${correlationId}/again`, JSON.stringify({ orderId: `o-${correlationId}-2` })],
    ]);
    expect(result.segments?.map((s) => [s.offset, s.result.ok, s.checked.hops.length])).toEqual([
      [0, true, 4],
      [4, true, 1],
    ]);
    expect(result.chain?.hops.map((h) => h.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it('fails a follow-up whose until field never takes the value and skips its chain', async () => {
    const spec = withFollowUp('x', { field: 'orderId', equals: 'never', timeoutMs: 500 });
    const result = await runTraceSpec(spec, { baseUrl: server.baseUrl, receiver, logs });
    expect(result.ok).toBe(false);
    expect(result.trigger).toEqual({ ok: true, status: 201 });
    expect(result.requests?.[1]?.error).toMatch(
      /^POST http:\/\/127\.0\.0\.1:\d+\/orders\/o-.+\/again: orderId stayed "o-.+-2", expected "never"$/,
    );
    expect(result.segments?.map((s) => s.offset)).toEqual([0]);
  });

  // Waited after the requests, the trigger's chain would start only once the follow-up's until gave up.
  it("waits for the trigger's chain while a follow-up's until still polls, not after it", async () => {
    const spec = {
      ...withFollowUp('x', { field: 'orderId', equals: 'never', timeoutMs: 1_000 }),
      chain: [{ kind: 'http-server' as const, service: 'nobody' }],
    };
    const result = await runTraceSpec(spec, {
      baseUrl: server.baseUrl,
      receiver,
      logs,
      exportDelayMs: 600,
      failFastMs: 50,
    });
    expect(result.requests?.map((r) => r.ok)).toEqual([true, false]);
    expect(result.chain?.firstBroken?.hop).toEqual(spec.chain[0]);
    // One after the other: at least 1 000 ms of polling, then 650 ms of the chain's wait.
    expect(result.durationMs).toBeLessThan(1_500);
  });

  it('reads spans from a polled backend exactly as from the receiver', async () => {
    const backend = createBackend('store', async (traceId) => {
      const trace = receiver.store.trace(traceId);
      return trace ? [...trace.spans] : undefined;
    });
    const result = await runTraceSpec(createOrder(), { baseUrl: server.baseUrl, backend, pollIntervalMs: 50, logs });
    expect(result.ok, JSON.stringify(result, null, 2)).toBe(true);
    expect(result.results.map((r) => r.matched)).toEqual([1, 1, 1, 0]);
    expect(result.chain?.traceIds).toEqual([result.traceId]);
  });

  it('rejects with the abort reason when its signal aborts while it waits', async () => {
    const spec = { ...createOrder(), chain: [{ kind: 'log' as const, service: 'nobody' }] };
    const abort = new AbortController();
    setTimeout(() => abort.abort(new Error('Ctrl-C')), 300);
    const started = performance.now();
    const run = runTraceSpec(spec, {
      baseUrl: server.baseUrl,
      receiver,
      logs,
      timeoutMs: 30_000,
      signal: abort.signal,
    });
    await expect(run).rejects.toThrow('Ctrl-C');
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
