// Where each fixture's shape comes from:
// - traces/jaeger-v3.json (GET /api/v3/traces/{id}) and traces/jaeger-legacy.json (GET /api/traces/{id}) are RECORDED
//   from a real Jaeger v2.13.0 (cmd/jaeger of Go module github.com/jaegertracing/jaeger v1.76.0, memory storage) by
//   harness/test/backends-jaeger.test.ts, which re-checks on every run that the live server still answers in
//   the same shape. Writers: cmd/query/app/apiv3/http_gateway.go + collector ptrace.JSONMarshaler (v3: hex ids,
//   numeric enums, int64 as strings), internal/uimodel/model.go + converter/v1/json/from_domain.go (legacy).
// - traces/tempo.json (GET /api/traces/{id}) and traces/tempo-v2.json (GET /api/v2/traces/{id}, Tempo ≥ 2.6) are NOT
//   recorded (no Tempo reachable from here): they are the same trace written the way Tempo writes it, gogo jsonpb of
//   pkg/tempopb (base64 ids, SPAN_KIND_*/STATUS_CODE_* names, int64 as strings, zero values omitted) wrapped as
//   `{"batches"}` by grafana/tempo modules/frontend/combiner/trace_by_id.go and `{"trace":{"resourceSpans"},"metrics"}`
//   by combiner/trace_by_id_v2.go (grafana/tempo#3895). Tempo < 2.0 wrote instrumentationLibrarySpans (#1754).
// Every variant must normalize to the EXPECTED table below, written out by hand from what the test emitted.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTraceAssertionError } from '../errors.ts';
import { fixtureText } from '../test-support/fixtures.ts';
import type { Attributes, Span } from '../types.ts';
import { jaegerBackend, spansFromTempo, tempoBackend } from './backends.ts';
import type { TraceBackend } from './poll-backend.ts';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const ns = (ms: number) => `${(1_767_225_600_000n + BigInt(ms)) * 1_000_000n}`;
const resource = (service: string) => ({
  'deployment.environment.name': 'test',
  'service.name': service,
  'service.version': '1.0.0',
});

/** One span, as the tests compare it. */
interface Row {
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  kind: string;
  service: string;
  resource: Attributes;
  scope: string;
  start: string;
  durationMs: number;
  status: [string, string];
  attributes: Attributes;
  events: [string, string, Attributes][];
  links: [string, string, Attributes][];
}

const EXPECTED: Row[] = [
  {
    spanId: 'a000000000000001',
    parentSpanId: undefined,
    name: 'POST /orders',
    kind: 'server',
    service: 'order-service',
    resource: resource('order-service'),
    scope: '@opentelemetry/instrumentation-http@0.1.0',
    start: ns(0),
    durationMs: 120,
    status: ['unset', ''],
    attributes: {
      'app.correlation_id': 'corr-123',
      'http.request.method': 'POST',
      'http.response.status_code': 201,
      'http.route': '/orders',
    },
    events: [],
    links: [],
  },
  {
    spanId: 'a000000000000002',
    parentSpanId: 'a000000000000001',
    name: 'orders publish',
    kind: 'producer',
    service: 'order-service',
    resource: resource('order-service'),
    scope: '@opentelemetry/instrumentation-kafkajs@0.1.0',
    start: ns(10),
    durationMs: 5,
    status: ['ok', ''],
    attributes: {
      'messaging.destination.name': 'orders',
      'messaging.system': 'kafka',
      'order.express': true,
      'order.items': ['sku-1', 'sku-2'],
      'order.total': 42.5,
    },
    events: [],
    links: [],
  },
  {
    spanId: 'b000000000000001',
    parentSpanId: 'a000000000000002',
    name: 'orders process',
    kind: 'consumer',
    service: 'payment-service',
    resource: resource('payment-service'),
    scope: '@opentelemetry/instrumentation-kafkajs@0.1.0',
    start: ns(30),
    durationMs: 50,
    status: ['error', 'card declined'],
    attributes: { 'app.correlation_id': 'corr-123', 'messaging.system': 'kafka' },
    events: [
      [
        'exception',
        ns(50),
        {
          'exception.message': 'card declined',
          'exception.type': 'CardDeclined',
        },
      ],
    ],
    links: [['5bf92f3577b34da6a3ce929d0e0e4737', 'a000000000000004', { 'link.reason': 'batch' }]],
  },
];

const rows = (spans: readonly Span[]): Row[] =>
  [...spans]
    .sort((a, b) => a.spanId.localeCompare(b.spanId))
    .map((s) => {
      expect(s.traceId).toBe(ID);
      expect(s.endTimeUnixNano).toBe(`${BigInt(s.startTimeUnixNano) + BigInt(Math.round(s.durationMs * 1e6))}`);
      return {
        spanId: s.spanId,
        parentSpanId: s.parentSpanId,
        name: s.name,
        kind: s.kind,
        service: s.service,
        resource: { ...s.resource },
        scope: `${s.scope.name}@${s.scope.version}`,
        start: s.startTimeUnixNano,
        durationMs: s.durationMs,
        status: [s.status.code, s.status.message],
        attributes: s.attributes,
        events: s.events.map((e): Row['events'][number] => [e.name, e.timeUnixNano, e.attributes]),
        links: s.links.map((l): Row['links'][number] => [l.traceId, l.spanId, l.attributes]),
      };
    });

/** What the legacy model cannot carry: arrays become JSON strings, links lose their attributes. */
const legacyExpected = EXPECTED.map(
  (row): Row => ({
    ...row,
    attributes: Array.isArray(row.attributes['order.items'])
      ? { ...row.attributes, 'order.items': '["sku-1","sku-2"]' }
      : row.attributes,
    links: row.links.map(([traceId, spanId]): Row['links'][number] => [traceId, spanId, {}]),
  }),
);

/** Applies `edit` to every key/value pair, deep (values are rewritten first). */
function rewrite(value: unknown, edit: (key: string, value: unknown) => [string, unknown]): unknown {
  if (Array.isArray(value)) return value.map((item) => rewrite(item, edit));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => edit(k, rewrite(v, edit))));
}
const KINDS = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'].map((k) => `SPAN_KIND_${k}`);
const STATUSES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];
const json = (text: string): unknown => JSON.parse(text);
const fixture = (name: string) => fixtureText(`traces/${name}.json`);
const jaegerV3WithNamedEnums = () =>
  JSON.stringify(
    rewrite(json(fixture('jaeger-v3')), (k, v) =>
      k === 'kind' && typeof v === 'number'
        ? [k, KINDS[v]]
        : k === 'code' && typeof v === 'number'
          ? [k, STATUSES[v]]
          : [k, v],
    ),
  );
const tempoBeforeV2 = () =>
  JSON.stringify(
    rewrite(json(fixture('tempo')), (k, v) =>
      k === 'scopeSpans' ? ['instrumentationLibrarySpans', v] : k === 'scope' ? ['instrumentationLibrary', v] : [k, v],
    ),
  );
const tempoReadAsJaegerV3 = () =>
  JSON.stringify({ result: { resourceSpans: (json(fixture('tempo')) as { batches: unknown }).batches } });

let server: Server;
let baseUrl: string;
let hits = 0;
/** Called by the /watched route on each poll it receives, before it answers. */
let onWatchedPoll: (hit: number) => void = () => undefined;
let watchedHits = 0;
const routes: Record<string, () => [number, string]> = {
  [`/api/v3/traces/${ID}`]: () => [200, fixture('jaeger-v3')],
  [`/v3-names/api/v3/traces/${ID}`]: () => [200, jaegerV3WithNamedEnums()],
  [`/legacy/api/traces/${ID}`]: () => [200, fixture('jaeger-legacy')],
  [`/api/traces/${ID}`]: () => [200, fixture('tempo')],
  [`/old-tempo/api/traces/${ID}`]: () => [200, tempoBeforeV2()],
  [`/api/v2/traces/${ID}`]: () => [200, fixture('tempo-v2')],
  [`/wrong/api/v3/traces/${ID}`]: () => [200, tempoReadAsJaegerV3()],
  [`/wrong/api/traces/${ID}`]: () => [200, fixture('jaeger-legacy')],
  [`/empty/api/v2/traces/${ID}`]: () => [200, '{"trace":{},"metrics":{}}'],
  [`/broken/api/traces/${ID}`]: () => [500, 'boom'],
  [`/late/api/traces/${ID}`]: () => (++hits < 3 ? [404, '{}'] : [200, fixture('tempo')]),
  [`/watched/api/traces/${ID}`]: () => {
    onWatchedPoll(++watchedHits);
    return [404, '{}'];
  },
};

beforeAll(async () => {
  server = createServer((request, response) => {
    const route = routes[request.url ?? ''];
    // Jaeger's v3 404 body (http_gateway.go); Tempo answers 404 with a plain message
    const [status, body] = route ? route() : [404, '{"error":{"httpCode":404,"message":"No traces found"}}'];
    response.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('trace backends normalize every documented answer to the same span model', () => {
  it.each<[string, () => TraceBackend, Row[]]>([
    ['jaeger v3 (recorded)', () => jaegerBackend({ baseUrl }), EXPECTED],
    [
      'jaeger v3 with SPAN_KIND_*/STATUS_CODE_* names',
      () => jaegerBackend({ baseUrl: `${baseUrl}/v3-names` }),
      EXPECTED,
    ],
    ['jaeger legacy (recorded)', () => jaegerBackend({ baseUrl: `${baseUrl}/legacy/`, api: 'legacy' }), legacyExpected],
    ['tempo /api/traces: batches', () => tempoBackend({ baseUrl: `${baseUrl}/` }), EXPECTED],
    ['tempo < 2.0: instrumentationLibrarySpans', () => tempoBackend({ baseUrl: `${baseUrl}/old-tempo` }), EXPECTED],
    ['tempo /api/v2/traces: trace.resourceSpans', () => tempoBackend({ baseUrl, api: 'v2' }), EXPECTED],
  ])('%s', async (_name, backend, expected) => {
    const trace = await backend().fetchTrace(ID.toUpperCase());
    expect(trace?.traceId).toBe(ID);
    expect(rows(trace?.spans ?? [])).toEqual(expected);
  });

  it('legacy: 64-bit trace ids, an embedded process, int64 beyond 2^53, trace state and FOLLOWS_FROM', async () => {
    routes[`/legacy64/api/traces/${ID}`] = () => [
      200,
      JSON.stringify({
        data: [
          {
            traceID: 'a3ce929d0e0e4736',
            spans: [
              {
                traceID: 'a3ce929d0e0e4736',
                spanID: '00000000000000aa',
                operationName: 'op',
                references: [{ refType: 'FOLLOWS_FROM', traceID: 'a3ce929d0e0e4736', spanID: '00000000000000bb' }],
                startTime: 1_767_225_600_000_001,
                duration: 7,
                tags: [
                  { key: 'big', type: 'int64', value: '9223372036854775222' },
                  { key: 'small', type: 'int64', value: -3 },
                  { key: 'blob', type: 'binary', value: 'AAAwOQ==' },
                  { key: 'w3c.tracestate', type: 'string', value: 'vendor=1' },
                  { key: 'error', type: 'bool', value: true },
                ],
                logs: [],
                process: { serviceName: 'legacy-svc', tags: [{ key: 'host', type: 'string', value: 'h1' }] },
                warnings: null,
              },
            ],
            processes: {},
            warnings: null,
          },
        ],
        total: 0,
        limit: 0,
        offset: 0,
        errors: null,
      }),
    ];
    const [span] = (await jaegerBackend({ baseUrl: `${baseUrl}/legacy64`, api: 'legacy' }).fetchTrace(ID))?.spans ?? [];
    expect(span).toMatchObject({
      traceId: '0000000000000000a3ce929d0e0e4736',
      spanId: '00000000000000aa',
      kind: 'internal',
      service: 'legacy-svc',
      resource: { host: 'h1', 'service.name': 'legacy-svc' },
      startTimeUnixNano: '1767225600000001000',
      durationMs: 0.007,
      status: { code: 'error' },
      attributes: { big: '9223372036854775222', small: -3, blob: 'AAAwOQ==' },
      traceState: 'vendor=1',
      links: [{ traceId: '0000000000000000a3ce929d0e0e4736', spanId: '00000000000000bb' }],
    });
    expect(span?.parentSpanId).toBeUndefined();
  });

  it.each<[string, () => TraceBackend, RegExp]>([
    [
      'base64 ids read as Jaeger v3',
      () => jaegerBackend({ baseUrl: `${baseUrl}/wrong` }),
      /jaeger: cannot read the trace at .*: 3 span\(s\) unreadable: span "orders process": invalid trace_id/,
    ],
    [
      'a Jaeger legacy answer read as Tempo',
      () => tempoBackend({ baseUrl: `${baseUrl}/wrong` }),
      /tempo: cannot read the trace at .*: expected batches, resourceSpans or trace.resourceSpans, got \{data, total/,
    ],
    ['a 500', () => tempoBackend({ baseUrl: `${baseUrl}/broken` }), /answered 500: boom/],
  ])('fails with BACKEND_ERROR on %s, never drops spans silently', async (_name, backend, message) => {
    const error = await backend()
      .fetchTrace(ID)
      .catch((e: unknown) => e);
    expect(isTraceAssertionError(error, 'BACKEND_ERROR')).toBe(true);
    expect((error as Error).message).toMatch(message);
  });

  it('returns undefined for an unknown trace (404) and for an empty Tempo v2 trace', async () => {
    expect(await jaegerBackend({ baseUrl }).fetchTrace('f'.repeat(32))).toBeUndefined();
    expect(await jaegerBackend({ baseUrl, api: 'legacy' }).fetchTrace('f'.repeat(32))).toBeUndefined();
    expect(await tempoBackend({ baseUrl, api: 'v2' }).fetchTrace('f'.repeat(32))).toBeUndefined();
    expect(await tempoBackend({ baseUrl: `${baseUrl}/empty`, api: 'v2' }).fetchTrace(ID)).toBeUndefined();
    expect(spansFromTempo({})).toBeUndefined();
  });

  it('polls until the trace appears (backends poll; the receiver is push)', async () => {
    hits = 0;
    const trace = await tempoBackend({ baseUrl: `${baseUrl}/late` }).waitForTrace(ID, {
      pollIntervalMs: 10,
      until: ['span[kind="consumer"]'],
      timeoutMs: 3000,
    });
    expect(trace.spans).toHaveLength(3);
    expect(hits).toBeGreaterThanOrEqual(4);
  });

  it('times out with TRACE_TIMEOUT and the nearest candidates', async () => {
    const error = await jaegerBackend({ baseUrl })
      .waitForTrace(ID, { pollIntervalMs: 10, timeoutMs: 50, until: ['span[service.name="inventory"]'] })
      .catch((e: unknown) => e);
    expect(isTraceAssertionError(error, 'TRACE_TIMEOUT')).toBe(true);
    expect((error as Error).message).toMatch(
      /^jaeger v3: trace 4bf9.* not complete after 50 ms\nspans seen for trace .* \(3\):/,
    );
    expect((error as Error).message).toContain('unmatched: span[service.name="inventory"]');
  });

  it('stops polling when its signal aborts', async () => {
    watchedHits = 0;
    const abort = new AbortController();
    // Aborted by the server while it holds the second poll: polling had begun, and no other poll is on the wire.
    onWatchedPoll = (hit) => {
      if (hit === 2) abort.abort(new Error('interrupted'));
    };
    const waiting = tempoBackend({ baseUrl: `${baseUrl}/watched` }).waitForTrace(ID, {
      pollIntervalMs: 10,
      timeoutMs: 60_000,
      until: ['span[service.name="inventory"]'],
      signal: abort.signal,
    });
    await expect(waiting).rejects.toThrow('interrupted');
    // Twenty poll intervals of quiet: a poll started after the abort would have reached the server by now.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(watchedHits).toBe(2);
  });
});
