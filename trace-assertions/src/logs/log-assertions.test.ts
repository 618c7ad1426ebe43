import { describe, expect, it } from 'vitest';
import { isTraceAssertionError } from '../errors.ts';
import { fixtureSpans, fixtureText, ORDER_FLOW } from '../test-support/fixtures.ts';
import { captureLogs } from './capture-logs.ts';
import { assertLogsCarryTraceId, checkLogsCarryTraceId } from './log-assertions.ts';

const spans = fixtureSpans('order-flow');
const trace = { traceId: ORDER_FLOW.traceId, spans: spans.filter((s) => s.traceId === ORDER_FLOW.traceId) };
const logs = captureLogs(fixtureText('logs/order-flow.ndjson').split('\n'));

describe('logs carry the trace id', () => {
  it('passes for a service whose lines all carry it', () => {
    const lines = assertLogsCarryTraceId({ logs, service: 'order-service', trace, correlationId: 'corr-123' });
    expect(lines.map((l) => l.lineNumber)).toEqual([1, 2]);
  });

  it('names the lines that lost it (by correlation id or by time window), ignoring other traces', () => {
    const result = checkLogsCarryTraceId({ logs, service: 'payment-service', trace, correlationId: 'corr-123' });
    expect(result.ok).toBe(false);
    expect(result.offenders.map((l) => l.lineNumber)).toEqual([5, 7]);
    expect(result.lines.map((l) => l.lineNumber)).toEqual([4, 5, 7]);
    expect(() => assertLogsCarryTraceId({ logs, service: 'payment-service', trace })).toThrow(
      /2 of 3 line\(s\) payment-service wrote while handling trace 4bf92f3577b34da6a3ce929d0e0e4736 lack trace_id/,
    );
  });

  it('reports coded issues: the lines lacking the trace id as evidence, or no line at all', () => {
    const lacking = checkLogsCarryTraceId({ logs, service: 'payment-service', trace, correlationId: 'corr-123' });
    if (lacking.ok) throw new Error('expected an issue');
    expect(lacking.issues).toHaveLength(1);
    expect(lacking.issues[0]).toMatchObject({
      code: 'LOG_LINE_WITHOUT_TRACE_ID',
      path: 'logs of payment-service',
      expected: `trace_id ${ORDER_FLOW.traceId} on every line`,
      actual: '2 of 3 line(s) without it',
    });
    expect(lacking.issues[0]?.evidence?.lines.map((l) => l.lineNumber)).toEqual([5, 7]);
    expect(lacking.reason).toBe(lacking.issues[0]?.message);
    const none = checkLogsCarryTraceId({ logs, service: 'inventory-service', trace });
    expect(none.ok ? [] : none.issues.map(({ code, actual }) => ({ code, actual }))).toEqual([
      { code: 'NO_LOG_LINES', actual: 'none' },
    ]);
  });

  it('fails when the service wrote nothing for the trace', () => {
    let caught: unknown;
    try {
      assertLogsCarryTraceId({ logs, service: 'inventory-service', trace: ORDER_FLOW.traceId });
    } catch (error) {
      caught = error;
    }
    expect(isTraceAssertionError(caught, 'LOG_ASSERTION')).toBe(true);
    expect(checkLogsCarryTraceId({ logs, service: 'inventory-service', trace, requireLines: false }).ok).toBe(true);
  });
});
