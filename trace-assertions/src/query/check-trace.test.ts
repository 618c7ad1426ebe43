import { describe, expect, it } from 'vitest';
import { isTraceAssertionError } from '../errors.ts';
import { fixtureSpans } from '../test-support/fixtures.ts';
import { assertNoSpan, assertSpan, assertSpanCount, assertTrace } from './assertions.ts';
import { span } from './builder.ts';
import { checkTrace } from './check-trace.ts';

const spans = fixtureSpans('order-flow');

function thrown(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a throw');
}

describe('checkTrace', () => {
  it('returns ok when every spec holds', () => {
    expect(
      checkTrace(spans, [
        { query: 'span[kind="producer"]', count: { exactly: 1 } },
        { query: span().service('payment-service'), count: { atLeast: 3 } },
        { query: { kind: 'server' }, expect: { status: 'unset', attributes: { 'http.response.status_code': 201 } } },
        { query: 'span[name="nope"]', count: 'none' },
      ]),
    ).toEqual({ ok: true });
  });

  it.each([
    [{ query: 'span[kind="producer"]', count: { exactly: 2 } }, 'COUNT_MISMATCH'],
    [{ query: 'span[service.name="inventory"]' }, 'SPAN_NOT_FOUND'],
    [{ query: 'span[kind="consumer"]', count: 'none' }, 'COUNT_MISMATCH'],
    [{ query: 'span[kind="consumer"]', count: { atMost: 1 } }, 'COUNT_MISMATCH'],
    [{ query: 'span[service.name="payment-service"]', expect: { status: ['ok', 'unset'] } }, 'EXPECTATION_FAILED'],
  ] as const)('reports %j as %s', (spec, code) => {
    const result = checkTrace(spans, [spec]);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.map((issue) => issue.code)).toEqual([code]);
  });

  it('names where each issue is, and expected vs actual', () => {
    const result = checkTrace(spans, [
      { query: 'span[kind="producer"]', count: { exactly: 2 } },
      { query: { kind: 'server' }, expect: { status: 'error' }, label: 'server errs' },
    ]);
    if (result.ok) throw new Error('expected issues');
    expect(result.issues.map(({ code, path, expected, actual }) => ({ code, path, expected, actual }))).toEqual([
      { code: 'COUNT_MISMATCH', path: 'span[kind="producer"]', expected: 'exactly 2', actual: '1' },
      {
        code: 'EXPECTATION_FAILED',
        path: 'server errs',
        expected: 'every matched span span[status="error"]',
        actual: '1 of 1 fail',
      },
    ]);
  });
});

describe('throwing wrappers', () => {
  it('assertSpan returns the first match', () => {
    expect(assertSpan(spans, 'span[kind="producer"]').spanId).toBe('a000000000000004');
  });

  it('assertSpan explains the nearest candidates when nothing matches', () => {
    const error = thrown(() => assertSpan(spans, span().service('payment-service').kind('producer')));
    expect(isTraceAssertionError(error, 'SPAN_NOT_FOUND')).toBe(true);
    expect(error.message).toMatchInlineSnapshot(`
      "no span matches span[service.name="payment-service" kind="producer"] (expected at least 1)
        nearest candidates:
          - order-service producer "orders.created publish" span=a000000000000004 parent=a000000000000002 20ms
              service.name: expected = "payment-service", got "order-service"
          - payment-service consumer "orders.created process" span=b000000000000001 parent=a000000000000004 130ms
              kind: expected producer, got consumer
          - payment-service internal "payments.authorize" span=b000000000000002 parent=b000000000000001 status=error 110ms
              kind: expected producer, got internal"
    `);
  });

  it('assertSpanCount and assertNoSpan throw COUNT_MISMATCH', () => {
    expect(assertSpanCount(spans, 'span[kind="consumer"]', 3)).toHaveLength(3);
    expect(thrown(() => assertSpanCount(spans, 'span[kind="consumer"]', { atLeast: 4 })).code).toBe('COUNT_MISMATCH');
    expect(thrown(() => assertNoSpan(spans, 'span[status="error"]')).message).toContain('expected none span(s)');
  });

  it('assertTrace lists every issue and takes the first code', () => {
    const error = thrown(() =>
      assertTrace(spans, [{ query: 'span[kind="server"]', expect: { status: 'error' } }, { query: 'span[name="x"]' }]),
    );
    expect(error.code).toBe('EXPECTATION_FAILED');
    expect(error.message).toContain('status: expected error, got unset');
    expect(error.message).toContain('no span matches span[name="x"]');
  });
});
