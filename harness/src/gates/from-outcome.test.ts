import {
  checkEffects,
  checkLogsCarryTraceId,
  type RecordedExchange,
  type TappedMessage,
} from '@tracegate/trace-assertions';
import { describe, expect, it } from 'vitest';
import { failureReasons, renderFailures } from '../report/failures.ts';
import type { VerifyReport } from '../report/types.ts';
import { fromOutcome } from './from-outcome.ts';

const exchange: RecordedExchange = {
  service: 'order-service',
  method: 'POST',
  path: '/orders',
  url: 'http://127.0.0.1:4000/orders',
  requestHeaders: { 'content-type': 'application/json' },
  requestBody: '{"sku":"A"}',
  status: 201,
  responseHeaders: { 'content-type': 'application/json' },
  responseBody: '{"id":"o-1"}',
  finishedAt: 1_000,
};
const wrongKey: TappedMessage = {
  topic: 'order.created',
  partition: 0,
  offset: '4',
  key: 'x',
  headers: {},
  value: '{"orderId":"o-1"}',
  json: { orderId: 'o-1' },
  timestamp: 1_200,
};
const contracts = {
  requests: [
    {
      method: 'POST',
      path: '/orders',
      emits: [{ topic: 'order.created', where: { 'value.orderId': 'response.body.id' } }],
    },
  ],
  messages: [{ topic: 'order.created', key: 'value.orderId' }],
};

function reportOf(check: ReturnType<typeof fromOutcome>): VerifyReport {
  return {
    ok: false,
    tool: { name: 'tracegate', version: '0.0.0' },
    system: 'demo',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    environment: {},
    gates: [{ name: 'effects', status: 'failed', checks: 1, failures: 1, durationMs: 1, details: { checks: [check] } }],
  };
}

describe('fromOutcome: a library outcome as a report check', () => {
  it('passes with the passed message', () => {
    const result = checkEffects({ contracts, exchanges: [], messages: [] });
    expect(fromOutcome('c', result, { passed: 'kept', durationMs: 3 })).toEqual({
      name: 'c',
      status: 'passed',
      durationMs: 3,
      message: 'kept',
    });
  });

  it("fails with each issue's code, path, expected vs actual and its evidence in the reports' shapes", () => {
    const result = checkEffects({ contracts, exchanges: [exchange], messages: [wrongKey] });
    const check = fromOutcome('order.created: key', result);
    expect(check.status).toBe('failed');
    expect(check.issues?.map(({ code, path, expected, actual }) => ({ code, path, expected, actual }))).toEqual([
      {
        code: 'MESSAGE_FIELD_MISMATCH',
        path: 'order.created: key',
        expected: 'key = value.orderId = "o-1"',
        actual: '"x"',
      },
    ]);
    expect(check.issues?.[0]?.evidence?.map((e) => e.kind)).toEqual(['http-request', 'kafka-message']);
    expect(check.message).toBe(check.issues?.[0]?.message);
    expect(renderFailures(failureReasons(reportOf(check)))).toMatchInlineSnapshot(`
      "✗ effects › order.created: key
          MESSAGE_FIELD_MISMATCH (order.created: key): message order.created[0]@4: key "x" is not value.orderId "o-1" (caused by POST /orders → 201)
            expected key = value.orderId = "o-1"
            actual   "x"
            request: POST http://127.0.0.1:4000/orders → 201 {"id":"o-1"}
            reproduce: curl -i -X POST 'http://127.0.0.1:4000/orders' -H 'content-type: application/json' --data-raw '{"sku":"A"}'
            message: order.created[0] @4 {"orderId":"o-1"}"
    `);
  });

  it('keeps the first issues, counts the rest, and lists shared evidence once', () => {
    const lines = Array.from({ length: 3 }, (_, i) => ({
      lineNumber: i + 1,
      raw: `{"msg":"line ${i + 1}"}`,
      service: 'order-service',
      correlationId: 'c-1',
    }));
    const result = checkLogsCarryTraceId({
      logs: lines,
      service: 'order-service',
      trace: 'a'.repeat(32),
      correlationId: 'c-1',
    });
    const twice = result.ok
      ? result
      : { ok: false as const, issues: [...result.issues, ...result.issues, ...result.issues] };
    const check = fromOutcome('logs', twice, { shown: 2 });
    expect(check.issues).toHaveLength(2);
    expect(check.message?.split('\n').at(-1)).toBe('… and 1 more');
    expect(check.evidence).toEqual([{ kind: 'text', text: lines.map((l) => l.raw).join('\n') }]);
  });
});
