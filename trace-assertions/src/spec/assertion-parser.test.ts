import { describe, expect, it } from 'vitest';
import { isTraceAssertionError } from '../errors.ts';
import { findSpans } from '../query/find-spans.ts';
import { fixtureSpans } from '../test-support/fixtures.ts';
import type { Span } from '../types.ts';
import { assertionHolds } from './assertion-eval.ts';
import { parseAssertion } from './assertion-parser.ts';

const spans = fixtureSpans('order-flow');
function only(selector: string): Span {
  const [span, ...rest] = findSpans(spans, selector);
  if (span === undefined || rest.length > 0) throw new Error(`expected one span for ${selector}`);
  return span;
}
const SPANS = {
  server: only('span[kind="server"]'),
  producer: only('span[kind="producer"]'),
  declined: only('span[name="payments.authorize" status="error"]'),
};

function parseError(source: string): string {
  try {
    parseAssertion(source);
  } catch (error) {
    if (isTraceAssertionError(error, 'SPEC_INVALID')) return error.message;
    throw error;
  }
  throw new Error(`parsed: ${source}`);
}

describe('parseAssertion', () => {
  it.each([
    ['attr:http.response.status_code = 201', { kind: 'attribute', key: 'http.response.status_code' }, '=', 201],
    ['attr:correlation.id exists', { kind: 'attribute', key: 'correlation.id' }, 'exists', undefined],
    ['attr:error.type not-exists', { kind: 'attribute', key: 'error.type' }, 'not-exists', undefined],
    ['duration < 500ms', { kind: 'field', field: 'duration' }, '<', 500],
    ['duration <= 1.5s', { kind: 'field', field: 'duration' }, '<=', 1500],
    ['attr:tracetest.span.duration >= 250us', { kind: 'field', field: 'duration' }, '>=', 0.25],
    ['name contains "POST"', { kind: 'field', field: 'name' }, 'contains', 'POST'],
    ["name = 'POST /orders'", { kind: 'field', field: 'name' }, '=', 'POST /orders'],
    ['name matches "^POST /\\w+$"', { kind: 'field', field: 'name' }, 'matches', '^POST /\\w+$'],
    ['attr:name != GET', { kind: 'field', field: 'name' }, '!=', 'GET'],
    ['kind = SPAN_KIND_SERVER', { kind: 'field', field: 'kind' }, '=', 'server'],
    ['status != "Error"', { kind: 'field', field: 'status' }, '!=', 'error'],
    ['service.name = order-service', { kind: 'field', field: 'service' }, '=', 'order-service'],
    ['attr:payment.ok = true', { kind: 'attribute', key: 'payment.ok' }, '=', true],
    ['attr:payment.amount > -1.5', { kind: 'attribute', key: 'payment.amount' }, '>', -1.5],
    ['attr:version = "201"', { kind: 'attribute', key: 'version' }, '=', '201'],
  ])('%s', (source, target, operator, value) => {
    expect(parseAssertion(source)).toEqual({ source, target, operator, ...(value !== undefined ? { value } : {}) });
  });

  it('pins the messages for malformed assertions', () => {
    expect(parseError('attr:x')).toMatchInlineSnapshot(
      `"invalid assertion "attr:x": expected "<attr:name | field> <operator> [value]", e.g. attr:http.response.status_code = 201"`,
    );
    expect(parseError('attr:x == 1')).toMatchInlineSnapshot(
      `"invalid assertion "attr:x == 1": unknown operator "==" (use =, !=, <, >, <=, >=, contains, not-contains, matches, exists, not-exists)"`,
    );
    expect(parseError('http.method = GET')).toMatchInlineSnapshot(
      `"invalid assertion "http.method = GET": unknown field "http.method" (use attr:http.method for an attribute, or one of name, service.name, kind, status, status.message, duration, type, trace_id, span_id, parent_id)"`,
    );
    expect(parseError('attr: = 1')).toMatchInlineSnapshot(
      `"invalid assertion "attr: = 1": attr: needs an attribute name, e.g. attr:http.response.status_code"`,
    );
    expect(parseError('attr:x exists 1')).toMatchInlineSnapshot(
      `"invalid assertion "attr:x exists 1": exists takes no value, found 1"`,
    );
    expect(parseError('attr:x =')).toMatchInlineSnapshot(`"invalid assertion "attr:x =": = needs a value"`);
    expect(parseError('duration < fast')).toMatchInlineSnapshot(
      `"invalid assertion "duration < fast": < needs a number or a duration like 500ms, found "fast""`,
    );
    expect(parseError('kind > server')).toMatchInlineSnapshot(
      `"invalid assertion "kind > server": kind supports only = and !="`,
    );
    expect(parseError('kind = sever')).toMatchInlineSnapshot(
      `"invalid assertion "kind = sever": expected one of internal, server, client, producer, consumer but found "sever""`,
    );
    expect(parseError('name = POST /orders')).toMatchInlineSnapshot(
      `"invalid assertion "name = POST /orders": quote a value that contains spaces: "POST /orders""`,
    );
    expect(parseError('name = "POST')).toMatchInlineSnapshot(
      `"invalid assertion "name = \\"POST": unterminated string "POST"`,
    );
    expect(parseError('name matches "("')).toMatchInlineSnapshot(
      `"invalid assertion "name matches \\"(\\"": invalid regular expression: Invalid regular expression: /(/: Unterminated group"`,
    );
  });
});

describe('assertionHolds on the order-flow fixture', () => {
  it.each([
    { span: 'server', source: 'attr:http.response.status_code = 201', holds: true },
    { span: 'server', source: 'attr:http.response.status_code = "201"', holds: true },
    { span: 'server', source: 'attr:http.response.status_code = 500', holds: false },
    { span: 'server', source: 'attr:http.response.status_code >= 200', holds: true },
    { span: 'server', source: 'attr:http.response.status_code < 300', holds: true },
    { span: 'server', source: 'attr:app.correlation_id exists', holds: true },
    { span: 'server', source: 'attr:correlation.id exists', holds: false },
    { span: 'server', source: 'attr:correlation.id not-exists', holds: true },
    { span: 'server', source: 'attr:deployment.environment.name = test', holds: true },
    { span: 'server', source: 'duration < 500ms', holds: true },
    { span: 'server', source: 'duration < 100ms', holds: false },
    { span: 'server', source: 'duration = 120', holds: true },
    { span: 'server', source: 'name contains "POST"', holds: true },
    { span: 'server', source: 'name not-contains "GET"', holds: true },
    { span: 'server', source: 'name matches "^POST /orders$"', holds: true },
    { span: 'server', source: 'kind = server', holds: true },
    { span: 'server', source: 'type = http', holds: true },
    { span: 'server', source: 'parent_id not-exists', holds: true },
    { span: 'server', source: 'attr:missing != 1', holds: false },
    { span: 'producer', source: 'parent_id = a000000000000002', holds: true },
    { span: 'producer', source: 'service.name = order-service', holds: true },
    { span: 'producer', source: 'attr:messaging.destination.name = orders.created', holds: true },
    { span: 'producer', source: 'type = messaging', holds: true },
    { span: 'declined', source: 'status = error', holds: true },
    { span: 'declined', source: 'status.message contains declined', holds: true },
    { span: 'declined', source: 'attr:payment.amount > 42', holds: true },
    { span: 'declined', source: 'attr:payment.amount <= 42', holds: false },
  ] as const)('$span: $source → $holds', ({ span, source, holds }) => {
    expect(assertionHolds(SPANS[span], parseAssertion(source))).toBe(holds);
  });
});
