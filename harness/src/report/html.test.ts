import { describe, expect, it } from 'vitest';
import { toCurl } from './curl.ts';
import { firstBrokenIndex } from './html/chain.ts';
import { formatDuration } from './html/format.ts';
import { renderGateSection } from './html/gate-section.ts';
import { escapeHtml, html } from './html/safe-html.ts';
import { layoutWaterfall } from './html/waterfall-layout.ts';
import type { GateReport, ReportScenario, ReportSpan } from './types.ts';

const span = (spanId: string, extra: Partial<ReportSpan> = {}): ReportSpan => ({
  traceId: 't1',
  spanId,
  name: spanId,
  service: 'svc',
  kind: 'internal',
  startMs: 0,
  durationMs: 10,
  status: 'unset',
  attributes: {},
  ...extra,
});

describe('waterfall layout', () => {
  it('orders depth-first by parent, children by start, and places bars in percent of the whole run', () => {
    const layout = layoutWaterfall([
      span('late-child', { parentSpanId: 'root', startMs: 60, durationMs: 40 }),
      span('root', { startMs: 0, durationMs: 100 }),
      span('early-child', { parentSpanId: 'root', startMs: 10, durationMs: 20 }),
      span('grandchild', { parentSpanId: 'early-child', startMs: 15, durationMs: 5 }),
    ]);
    expect(layout.rows.map((r) => [r.span.spanId, r.depth, r.leftPct, r.widthPct])).toEqual([
      ['root', 0, 0, 100],
      ['early-child', 1, 10, 20],
      ['grandchild', 2, 15, 5],
      ['late-child', 1, 60, 40],
    ]);
  });

  it.each([
    ['parent', { parentSpanId: 'p' }, 'parent'],
    ['link', { links: [{ traceId: 't1', spanId: 'p' }], traceId: 't2' }, 'link'],
    ['SPAN_KIND_ spelling', { parentSpanId: 'p', kind: 'SPAN_KIND_CONSUMER' }, 'parent'],
  ] as const)('finds the Kafka hop from a producer by %s', (_, extra, via) => {
    const producer = span('p', { kind: 'producer', attributes: { 'messaging.destination.name': 'orders' } });
    const consumer = span('c', { kind: 'consumer', startMs: 40, ...extra });
    const row = layoutWaterfall([producer, consumer]).rows.find((r) => r.span.spanId === 'c');
    expect(row?.kafkaHop).toMatchObject({ via, topic: 'orders', fromPct: 0 });
  });

  it('marks no hop for a consumer without a producer and keeps spans caught in a parent cycle', () => {
    const layout = layoutWaterfall([
      span('a', { parentSpanId: 'b', kind: 'consumer' }),
      span('b', { parentSpanId: 'a' }),
    ]);
    expect(layout.rows.map((r) => r.span.spanId).sort()).toEqual(['a', 'b']);
    expect(layout.rows.every((r) => r.kafkaHop === undefined)).toBe(true);
  });
});

describe('html helpers', () => {
  it('escapes every interpolation except SafeHtml, and joins arrays', () => {
    const evil = `<b onclick="x">'&`;
    expect(html`<p title="${evil}">${[evil, html`<i>${evil}</i>`]}</p>`.__html).toMatchInlineSnapshot(
      `"<p title="&lt;b onclick=&quot;x&quot;&gt;&#39;&amp;">&lt;b onclick=&quot;x&quot;&gt;&#39;&amp;<i>&lt;b onclick=&quot;x&quot;&gt;&#39;&amp;</i></p>"`,
    );
    expect(escapeHtml('a&b')).toBe('a&amp;b');
  });

  it('builds a curl command that survives single quotes', () => {
    expect(toCurl({ method: 'post', url: 'http://h/o', headers: { a: "it's" }, body: '{"x":1}' })).toBe(
      `curl -X POST 'http://h/o' -H 'a: it'\\''s' --data-raw '{"x":1}'`,
    );
  });

  it.each([
    [0, '0 ms'],
    [0.25, '250 µs'],
    [47.84, '47.8 ms'],
    [2400, '2.4 s'],
    [192_000, '3 min 12 s'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('takes the first broken hop from the report, else the first hop marked broken', () => {
    const scenario = (firstBrokenHop?: string): ReportScenario => ({
      name: 's',
      status: 'failed',
      traceIds: [],
      spans: [],
      logLines: [],
      chain: [
        { label: 'a', status: 'ok' },
        { label: 'b', status: 'broken' },
        { label: 'c', status: 'broken' },
      ],
      ...(firstBrokenHop ? { firstBrokenHop } : {}),
    });
    expect(firstBrokenIndex(scenario())).toBe(1);
    expect(firstBrokenIndex(scenario('c'))).toBe(2);
    expect(firstBrokenIndex(scenario('unknown'))).toBe(1);
  });
});

describe('a failed check with issues', () => {
  it('shows each issue with its code, path, expected vs actual and evidence, not the check message', () => {
    const gate: GateReport = {
      name: 'effects',
      status: 'failed',
      checks: 1,
      failures: 1,
      durationMs: 1,
      details: {
        checks: [
          {
            name: 'order.created: key',
            status: 'failed',
            message: 'ad-hoc text',
            issues: [
              {
                code: 'MESSAGE_FIELD_MISMATCH',
                message: 'key <x> is not value.orderId',
                path: 'order.created: key',
                expected: '"o-1"',
                actual: '"x"',
                evidence: [{ kind: 'text', text: 'spans: a1' }],
              },
            ],
          },
        ],
      },
    };
    const out = renderGateSection(gate, 0).__html;
    expect(out).toContain(
      '<code class="issue-code">MESSAGE_FIELD_MISMATCH</code> <span class="issue-path">order.created: key</span>',
    );
    expect(out).toContain('<p class="check-message">key &lt;x&gt; is not value.orderId</p>');
    expect(out).toContain(
      '<tr><th>expected</th><td>&quot;o-1&quot;</td></tr><tr><th>actual</th><td>&quot;x&quot;</td></tr>',
    );
    expect(out).toContain('spans: a1');
    expect(out).not.toContain('ad-hoc text');
  });
});
