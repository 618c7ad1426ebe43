import { describe, expect, it } from 'vitest';
import { renderJUnit } from './junit.ts';
import type { VerifyReport } from './types.ts';

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

  it('marks a skipped gate as skipped with its reason', () => {
    expect(xml).toContain('<skipped message="not configured"/>');
  });
});
