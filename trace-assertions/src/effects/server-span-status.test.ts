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
    ['a 5xx client span left unset (client spans are not checked)', [span('client', 'unset', status(502))], 0],
    ['an ERROR server span without a status attribute', [span('server', 'error', {})], 0],
    ['an unset server span without a status attribute', [span('server', 'unset', {})], 0],
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

  it.each<[string, Attributes, SpanStatusCode, string[]]>([
    ['a 500 left unset', status(500), 'unset', ['SERVER_SPAN_NOT_ERROR_ON_SERVER_ERROR']],
    ['a 503 marked OK', status(503), 'ok', ['SERVER_SPAN_NOT_ERROR_ON_SERVER_ERROR']],
    ['a 599 left unset', status(599), 'unset', ['SERVER_SPAN_NOT_ERROR_ON_SERVER_ERROR']],
    [
      'the old attribute name, left unset',
      { 'http.status_code': 502 },
      'unset',
      ['SERVER_SPAN_NOT_ERROR_ON_SERVER_ERROR'],
    ],
    [
      'a string status, left unset',
      { 'http.response.status_code': '500' },
      'unset',
      ['SERVER_SPAN_NOT_ERROR_ON_SERVER_ERROR'],
    ],
    ['an old string status, marked OK', { 'http.status_code': '504' }, 'ok', ['SERVER_SPAN_NOT_ERROR_ON_SERVER_ERROR']],
    ['a 500 marked ERROR', status(500), 'error', []],
    ['an old string 503 marked ERROR', { 'http.status_code': '503' }, 'error', []],
    ['a 499 left unset', status(499), 'unset', []],
    ['a 600 left unset (no HTTP class the rule names)', status(600), 'unset', []],
  ])('5xx: %s → %j', (_name, attributes, code, codes) => {
    expect(checkServerSpanStatus([span('server', code, attributes)]).map((issue) => issue.code)).toEqual(codes);
  });

  it('reports both halves of the rule, one issue per service and status', () => {
    const spans = [
      span('server', 'error', status(404)),
      span('server', 'unset', status(500)),
      span('server', 'ok', status(500)),
      span('server', 'unset', status(503)),
      span('server', 'unset', status(500), 'order-service'),
      span('server', 'error', status(500)),
    ];
    const issues = checkServerSpanStatus(spans).map((issue) => `${issue.code} ${issue.message.split(' are ')[0]}`);
    expect(issues).toEqual([
      'SERVER_SPAN_ERROR_ON_CLIENT_ERROR 1 server span(s) of inventory-service answering 404',
      'SERVER_SPAN_NOT_ERROR_ON_SERVER_ERROR 2 server span(s) of inventory-service answering 500',
      'SERVER_SPAN_NOT_ERROR_ON_SERVER_ERROR 1 server span(s) of inventory-service answering 503',
      'SERVER_SPAN_NOT_ERROR_ON_SERVER_ERROR 1 server span(s) of order-service answering 500',
    ]);
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

  it('names the span, its route, status and trace when a 5xx is not marked ERROR', () => {
    next = 0;
    const attributes = { 'http.response.status_code': 503, 'http.route': '/reservations', 'url.path': '/reservations' };
    const [issue] = checkServerSpanStatus([span('server', 'unset', attributes)]);
    expect(issue).toMatchInlineSnapshot(`
      {
        "actual": "status UNSET",
        "code": "SERVER_SPAN_NOT_ERROR_ON_SERVER_ERROR",
        "evidence": {
          "spanIds": [
            "s1",
          ],
        },
        "expected": "status ERROR for a 503 response (HTTP semantic conventions: a 5xx marks a server span ERROR)",
        "message": "1 server span(s) of inventory-service answering 503 are not marked ERROR, e.g. "POST /reservations" (/reservations, trace 0af7651916cd43dd8448eb211c80319c): a server failure is missing from error rates and alerts",
        "path": "server spans: status",
      }
    `);
  });

  it('falls back to the path, then the old target, when the span has no route', () => {
    const path = checkServerSpanStatus([span('server', 'unset', { ...status(500), 'url.path': '/reservations/7' })]);
    const target = checkServerSpanStatus([span('server', 'ok', { 'http.status_code': 500, 'http.target': '/r?x=1' })]);
    expect(path[0]?.message).toContain('"POST /reservations" (/reservations/7, trace ');
    expect(target[0]?.message).toContain('"POST /reservations" (/r?x=1, trace ');
  });
});
