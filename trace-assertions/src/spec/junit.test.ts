import { describe, expect, it } from 'vitest';
import { escapeXml, toJUnit } from './junit.ts';
import type { TraceSpecResult } from './types.ts';

const passed: TraceSpecResult = {
  name: 'order <created> & "published"',
  ok: true,
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  correlationId: "corr-'1'",
  trigger: { ok: true, status: 201 },
  results: [{ selector: 'span[kind="server"]', ok: true, matched: 1, spanIds: ['a000000000000001'], failures: [] }],
  durationMs: 1234,
  source: 'fixtures/specs/create-order.yaml',
};

const specIssues = [
  {
    code: 'ASSERTION_FAILED',
    check: 'name contains "GET"',
    message: 'name contains "GET" failed: expected contains "GET", got "POST"',
  },
  { code: 'ASSERTION_FAILED', check: 'duration < 5ms', message: 'duration < 5ms failed:\n  expected < 5ms, got 120ms' },
] as const;

const failed: TraceSpecResult = {
  name: 'wrong',
  ok: false,
  issues: [{ code: 'REQUEST_FAILED', message: 'POST /orders: expected HTTP 201, got 500', path: 'trigger' }],
  traceId: '5bf92f3577b34da6a3ce929d0e0e4737',
  correlationId: 'corr-2',
  trigger: { ok: false, status: 500, error: 'POST /orders: expected HTTP 201, got 500: <html>\u0000boom</html>' },
  results: [
    {
      selector: 'span[kind="server"]',
      label: 'the server span',
      ok: false,
      matched: 1,
      spanIds: ['a000000000000001'],
      issues: specIssues,
      failures: specIssues,
    },
  ],
  chain: {
    ok: false,
    issues: [{ code: 'HOP_BROKEN', message: 'hop 1 (http-server order-service) broken: no span & no luck' }],
    correlationId: 'corr-2',
    traceIds: ['5bf92f3577b34da6a3ce929d0e0e4737'],
    hops: [
      {
        hop: { kind: 'http-server', service: 'order-service' },
        index: 0,
        label: 'http-server order-service',
        status: 'broken',
        evidence: { spanIds: [], traceIds: [], logLines: [] },
        reason: 'no span & no luck',
        notes: [],
      },
    ],
  },
  durationMs: 10,
};
const firstHop = failed.chain?.hops[0];
if (firstHop !== undefined) Object.assign(failed.chain ?? {}, { firstBroken: firstHop });

describe('toJUnit', () => {
  it('escapes the five XML entities and drops characters XML 1.0 cannot carry', () => {
    expect(escapeXml(`a&b<c>d"e'f\u0001g\uD800h\tй😀`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;fg\uFFFDh\tй😀');
  });

  it('renders one suite per spec with trigger, selector and chain cases', () => {
    expect(toJUnit([passed, failed])).toMatchInlineSnapshot(`
      "<?xml version="1.0" encoding="UTF-8"?>
      <testsuites name="trace specs" tests="5" failures="3" errors="0" time="1.244">
        <testsuite name="order &lt;created&gt; &amp; &quot;published&quot;" tests="2" failures="0" errors="0" skipped="0" time="1.234">
          <properties><property name="traceId" value="4bf92f3577b34da6a3ce929d0e0e4736"/><property name="correlationId" value="corr-&apos;1&apos;"/></properties>
          <testcase classname="fixtures/specs/create-order.yaml" name="trigger" time="0"/>
          <testcase classname="fixtures/specs/create-order.yaml" name="span[kind=&quot;server&quot;]" time="0"/>
        </testsuite>
        <testsuite name="wrong" tests="3" failures="3" errors="0" skipped="0" time="0.010">
          <properties><property name="traceId" value="5bf92f3577b34da6a3ce929d0e0e4737"/><property name="correlationId" value="corr-2"/></properties>
          <testcase classname="wrong" name="trigger" time="0">
            <failure message="POST /orders: expected HTTP 201, got 500: &lt;html&gt;boom&lt;/html&gt;" type="TRIGGER_FAILED">POST /orders: expected HTTP 201, got 500: &lt;html&gt;boom&lt;/html&gt;</failure>
          </testcase>
          <testcase classname="wrong" name="the server span" time="0">
            <failure message="name contains &quot;GET&quot; failed: expected contains &quot;GET&quot;, got &quot;POST&quot; (and 1 more)" type="SPEC_FAILED">name contains &quot;GET&quot; failed: expected contains &quot;GET&quot;, got &quot;POST&quot;

      duration &lt; 5ms failed:
        expected &lt; 5ms, got 120ms</failure>
          </testcase>
          <testcase classname="wrong" name="correlation chain" time="0">
            <failure message="broken at hop 1 (http-server order-service)" type="CHAIN_BROKEN">correlation id corr-2; traces 5bf92f3577b34da6a3ce929d0e0e4737
        ✗ 1. http-server order-service
             no span &amp; no luck</failure>
          </testcase>
        </testsuite>
      </testsuites>
      "
    `);
  });

  it("adds a case per follow-up request sent, failed with the request's error", () => {
    const exchange = (url: string) => ({ method: 'GET', url, headers: {} });
    const withFollowUps: TraceSpecResult = {
      ...passed,
      ok: false,
      issues: [{ code: 'REQUEST_FAILED', message: 'status stayed "NEW"', path: 'followUps[1]' }],
      results: [],
      requests: [
        { ok: true, status: 201, exchange: exchange('http://127.0.0.1:1/orders') },
        { ok: true, status: 200, exchange: exchange('http://127.0.0.1:1/orders/o-1') },
        {
          ok: false,
          status: 200,
          error: 'GET http://127.0.0.1:1/orders/o-1: status stayed "NEW"',
          exchange: exchange('http://127.0.0.1:1/orders/o-1'),
        },
      ],
    };
    const xml = toJUnit([withFollowUps]);
    expect(xml).toContain('tests="3" failures="1"');
    expect(xml).toContain(
      '<testcase classname="fixtures/specs/create-order.yaml" name="follow-up 1: GET http://127.0.0.1:1/orders/o-1" time="0"/>',
    );
    expect(xml).toContain(
      '<failure message="GET http://127.0.0.1:1/orders/o-1: status stayed &quot;NEW&quot;" type="REQUEST_FAILED">',
    );
  });

  it('renders an empty run', () => {
    expect(toJUnit([], { name: 'none' })).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="none" tests="0" failures="0" errors="0" time="0.000">\n</testsuites>\n',
    );
  });
});
