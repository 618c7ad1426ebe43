// Plain node:test, no vitest: run with `node --test examples/node-test.test.mjs` once the package is built
// (or add `--conditions=tracegate-source` inside this repository to run the TypeScript sources).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  assertSpan,
  assertSpanCount,
  checkTrace,
  findSpans,
  isTraceAssertionError,
  startOtlpReceiver,
} from '@tracegate/trace-assertions';

let receiver;
before(async () => {
  receiver = await startOtlpReceiver({ grpcPort: false });
});
after(async () => {
  await receiver.close();
});

const hex = (bytes) => randomBytes(bytes).toString('hex');
const now = BigInt(Date.now()) * 1_000_000n;

/** One OTLP/JSON span (ids in hex, kind as the OTLP enum: 2 server, 4 producer, 5 consumer). */
function otlpSpan({ traceId, spanId, parentSpanId = '', name, kind, startMs, durationMs, attributes = {} }) {
  return {
    traceId,
    spanId,
    parentSpanId,
    name,
    kind,
    startTimeUnixNano: String(now + BigInt(startMs) * 1_000_000n),
    endTimeUnixNano: String(now + BigInt(startMs + durationMs) * 1_000_000n),
    attributes: Object.entries(attributes).map(([key, value]) => ({
      key,
      value: typeof value === 'number' ? { intValue: String(value) } : { stringValue: String(value) },
    })),
  };
}

/** Posts spans of one service to the receiver's OTLP/HTTP JSON endpoint, as an exporter would. */
async function exportSpans(service, spans) {
  const body = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [{ scope: { name: 'node-test-example' }, spans }],
      },
    ],
  };
  const response = await fetch(receiver.httpTracesUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 200);
}

describe('trace assertions under node:test', () => {
  it('waits for a trace and asserts spans with selectors, objects and checkTrace', async () => {
    const traceId = hex(16);
    const [serverId, producerId, consumerId] = [hex(8), hex(8), hex(8)];
    const waiting = receiver.waitForTrace(traceId, {
      until: ['span[kind="producer"] > span[service.name="payment-service" kind="consumer"]'],
      timeoutMs: 5000,
      settleMs: 20,
    });
    await exportSpans('order-service', [
      otlpSpan({
        traceId,
        spanId: serverId,
        name: 'POST /orders',
        kind: 2,
        startMs: 0,
        durationMs: 40,
        attributes: { 'http.response.status_code': 201, 'correlation.id': 'corr-1' },
      }),
      otlpSpan({
        traceId,
        spanId: producerId,
        parentSpanId: serverId,
        name: 'orders.created publish',
        kind: 4,
        startMs: 10,
        durationMs: 5,
        attributes: { 'messaging.destination.name': 'orders.created' },
      }),
    ]);
    await exportSpans('payment-service', [
      otlpSpan({
        traceId,
        spanId: consumerId,
        parentSpanId: producerId,
        name: 'orders.created process',
        kind: 5,
        startMs: 20,
        durationMs: 30,
      }),
    ]);
    const trace = await waiting;

    assert.equal(trace.spans.length, 3);
    assertSpan(trace, 'span[service.name="order-service" kind="server"]', {
      attributes: { 'http.response.status_code': 201 },
    });
    assertSpanCount(trace, { service: 'payment-service' }, { exactly: 1 });
    assert.deepEqual(
      findSpans(trace, 'span[kind="server"] span[kind="consumer"]').map((span) => span.spanId),
      [consumerId],
    );
    assert.deepEqual(checkTrace(trace, [{ query: 'span[status="error"]', count: 'none' }]), { ok: true });
  });

  it('fails with a TraceAssertionError that names the code and the nearest candidates', async () => {
    const traceId = hex(16);
    await exportSpans('order-service', [
      otlpSpan({ traceId, spanId: hex(8), name: 'GET /orders', kind: 2, startMs: 0, durationMs: 3 }),
    ]);
    const trace = await receiver.waitForTrace(traceId, { timeoutMs: 5000, settleMs: 20 });
    assert.throws(
      () => assertSpan(trace, 'span[service.name="order-service" name="POST /orders"]'),
      (error) => isTraceAssertionError(error, 'SPAN_NOT_FOUND') && /GET \/orders/.test(error.message),
    );
  });

  it('rejects waitForTrace with TRACE_TIMEOUT when the trace never comes', async () => {
    await assert.rejects(receiver.waitForTrace(hex(16), { timeoutMs: 50 }), (error) =>
      isTraceAssertionError(error, 'TRACE_TIMEOUT'),
    );
  });
});
