import type { Span } from '@tracegate/trace-assertions';
import { describe, expect, it } from 'vitest';
import { SERVER_SPAN_STATUS_CHECK, serverSpanStatusCheck } from './server-spans.ts';

const span = (kind: Span['kind'], code: Span['status']['code'], status?: number): Span =>
  ({
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    name: 'GET /reservations/{id}',
    kind,
    service: 'inventory-service',
    status: { code, message: '' },
    attributes: status === undefined ? {} : { 'http.response.status_code': status },
    links: [],
  }) as unknown as Span;

describe('serverSpanStatusCheck', () => {
  it.each<[string, Span[], string]>([
    ['no server span', [span('consumer', 'unset')], 'skipped'],
    ['a server span without a response status', [span('server', 'unset')], 'skipped'],
    ['4xx left unset, 5xx marked ERROR', [span('server', 'unset', 404), span('server', 'error', 503)], 'passed'],
    ['a 404 marked ERROR', [span('server', 'unset', 201), span('server', 'error', 404)], 'failed'],
    ['a 500 left unset', [span('server', 'unset', 201), span('server', 'unset', 500)], 'failed'],
    ['a 503 marked OK', [span('server', 'ok', 503)], 'failed'],
  ])('%s → %s', (_name, spans, status) => {
    const check = serverSpanStatusCheck(spans);
    expect(check).toMatchObject({ name: SERVER_SPAN_STATUS_CHECK, status });
  });

  it('counts both halves of the rule when it passes', () => {
    const spans = [
      span('server', 'unset', 200),
      span('server', 'unset', 404),
      span('server', 'unset', 422),
      span('server', 'error', 503),
      span('client', 'unset', 500),
    ];
    expect(serverSpanStatusCheck(spans).message).toBe(
      '4 HTTP server span(s): 2 4xx, none marked ERROR; 1 5xx, all marked ERROR',
    );
  });

  it('names a 5xx span left unset in the failed check', () => {
    const check = serverSpanStatusCheck([span('server', 'unset', 500)]);
    expect(check.message).toContain(
      'SERVER_SPAN_NOT_ERROR_ON_SERVER_ERROR: 1 server span(s) of inventory-service answering 500 are not marked ERROR, e.g. "GET /reservations/{id}" (trace 0af7651916cd43dd8448eb211c80319c)',
    );
    expect(check.evidence).toEqual([{ kind: 'text', text: 'spans: b7ad6b7169203331' }]);
  });

  it('names the marked spans in the failed check', () => {
    const check = serverSpanStatusCheck([span('server', 'error', 404)]);
    expect(check.message).toContain(
      'SERVER_SPAN_ERROR_ON_CLIENT_ERROR: 1 server span(s) of inventory-service answering 404',
    );
    expect(check.evidence).toEqual([{ kind: 'text', text: 'spans: b7ad6b7169203331' }]);
  });
});
