import { describe, expect, it } from 'vitest';
import type { Attributes, Span, SpanKind, SpanStatusCode } from '../types.ts';
import { checkServerSpanStatus, httpStatusOf } from './server-span-status.ts';

let next = 0;
function span(kind: SpanKind, status: SpanStatusCode, attributes: Attributes, service = 'inventory-service'): Span {
  next += 1;
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: `s${next}`,
    name: 'POST /reservations',
    kind,
    service,
    status: { code: status, message: status === 'error' ? 'HTTP 422' : '' },
    attributes,
    links: [],
  } as unknown as Span;
}

describe('httpStatusOf', () => {
  it.each<[string, Attributes, number | undefined]>([
    ['current semantic conventions', { 'http.response.status_code': 422 }, 422],
    ['pre-1.23 semantic conventions', { 'http.status_code': 404 }, 404],
    ['an int64 received as a string', { 'http.response.status_code': '400' }, 400],
    ['no status attribute', { 'url.path': '/x' }, undefined],
    ['a status that is no number', { 'http.response.status_code': 'teapot' }, undefined],
  ])('%s → %s', (_name, attributes, expected) => {
    expect(httpStatusOf(span('server', 'unset', attributes))).toBe(expected);
  });
});

describe('checkServerSpanStatus', () => {
  const status = (code: number) => ({ 'http.response.status_code': code });
  it.each<[string, Span[], number]>([
    ['a 4xx server span left unset', [span('server', 'unset', status(422))], 0],
    ['a 5xx server span marked ERROR', [span('server', 'error', status(500))], 0],
    ['a 2xx server span', [span('server', 'unset', status(201))], 0],
    [
      'a 4xx client span marked ERROR (the caller may treat it as its failure)',
      [span('client', 'error', status(404))],
      0,
    ],
    ['an ERROR server span without a status attribute', [span('server', 'error', {})], 0],
    ['a 4xx server span marked ERROR', [span('server', 'error', status(422))], 1],
    ['the old attribute name', [span('server', 'error', { 'http.status_code': 400 })], 1],
    [
      'one issue per service and status',
      [
        span('server', 'error', status(422)),
        span('server', 'error', status(422)),
        span('server', 'error', status(404)),
        span('server', 'error', status(422), 'order-service'),
      ],
      3,
    ],
  ])('%s → %i issue(s)', (_name, spans, count) => {
    expect(checkServerSpanStatus(spans)).toHaveLength(count);
  });

  it('says what was marked and what the convention expects', () => {
    next = 0;
    const [issue] = checkServerSpanStatus([span('server', 'error', status(422)), span('server', 'error', status(422))]);
    expect(issue).toMatchInlineSnapshot(`
      {
        "actual": "status ERROR "HTTP 422"",
        "code": "SERVER_SPAN_ERROR_ON_CLIENT_ERROR",
        "evidence": {
          "spanIds": [
            "s1",
            "s2",
          ],
        },
        "expected": "status UNSET for a 422 response (HTTP semantic conventions: only 5xx marks a server span ERROR)",
        "message": "2 server span(s) of inventory-service answering 422 are marked ERROR, e.g. "POST /reservations" (trace 0af7651916cd43dd8448eb211c80319c): a client's mistake counts as a server failure",
        "path": "server spans: status",
      }
    `);
  });
});
