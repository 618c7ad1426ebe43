import { describe, expect, it } from 'vitest';
import { renderJUnit } from './junit.ts';
import type { CheckResult, GateReport, VerifyReport } from './types.ts';

const report: VerifyReport = {
  ok: false,
  tool: { name: 'tracegate', version: '0.1.0' },
  system: 'demo',
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1500,
  environment: {},
  gates: [
    {
      name: 'pass',
      status: 'passed',
      checks: 1,
      failures: 0,
      durationMs: 10,
      details: { checks: [{ name: 'ok', status: 'passed' }] },
    },
    {
      name: 'fail',
      status: 'failed',
      checks: 1,
      failures: 1,
      durationMs: 20,
      details: { checks: [{ name: 'a <b> & "c"', status: 'failed', message: 'broke\nsecond line\u0001' }] },
    },
    { name: 'off', status: 'skipped', checks: 0, failures: 0, durationMs: 0, details: { reason: 'not configured' } },
  ],
};

describe('renderJUnit', () => {
  const xml = renderJUnit(report);

  it('writes one suite per gate with counts', () => {
    expect(xml).toContain('<testsuites name="tracegate demo" tests="3" failures="1" time="1.500">');
    expect(xml).toContain('<testsuite name="fail" tests="1" failures="1" skipped="0" time="0.020">');
  });

  it('escapes names and strips control characters', () => {
    expect(xml).toContain('name="a &lt;b&gt; &amp; &quot;c&quot;"');
    expect(xml).toContain('<failure message="broke">broke\nsecond line</failure>');
  });

  it("renders a failed check's issues: code as the failure type, path, expected vs actual and evidence", () => {
    const check: CheckResult = {
      name: 'order.created: key',
      status: 'failed',
      message: 'MESSAGE_FIELD_MISMATCH: key is not value.orderId',
      evidence: [
        { kind: 'text', text: 'the run' },
        { kind: 'text', text: 'spans: a1' },
      ],
      issues: [
        {
          code: 'MESSAGE_FIELD_MISMATCH',
          message: 'message order.created[0]@4: key "x" is not value.orderId "o-1"',
          path: 'order.created: key',
          expected: '"o-1"',
          actual: '"x"',
          evidence: [{ kind: 'text', text: 'spans: a1' }],
        },
        { code: 'EFFECT_LATE', message: 'late' },
      ],
    };
    const gate: GateReport = {
      name: 'effects',
      status: 'failed',
      checks: 1,
      failures: 1,
      durationMs: 5,
      details: { checks: [check] },
    };
    const out = renderJUnit({ ...report, gates: [gate] });
    expect(out).toContain(
      '<failure message="MESSAGE_FIELD_MISMATCH: key is not value.orderId" type="MESSAGE_FIELD_MISMATCH">',
    );
    const body = out.slice(out.indexOf('<failure'), out.indexOf('</failure>'));
    expect(body).toContain(
      [
        'MESSAGE_FIELD_MISMATCH (order.created: key)',
        'message order.created[0]@4: key &quot;x&quot; is not value.orderId &quot;o-1&quot;',
        'expected &quot;o-1&quot;',
        'actual   &quot;x&quot;',
        '{\n  &quot;kind&quot;: &quot;text&quot;,\n  &quot;text&quot;: &quot;spans: a1&quot;\n}',
      ].join('\n'),
    );
    expect(body).toContain('\n\nEFFECT_LATE\nlate\n\n');
    // The check's own evidence once, the issue's not again.
    expect(body.match(/the run/g)).toHaveLength(1);
    expect(body.match(/spans: a1/g)).toHaveLength(1);
  });

  it('marks a skipped gate as skipped with its reason', () => {
    expect(xml).toContain('<skipped message="not configured"/>');
  });
});
