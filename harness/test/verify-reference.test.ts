import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-support.ts';

// The reference service is verified the way any user's system is: through the root tracegate.config.yaml.
const root = fileURLToPath(new URL('../../', import.meta.url));

describe('tracegate verify on the reference service', () => {
  it('passes every gate, and each saga flow keeps its correlation id across HTTP, Kafka, traces and logs', async () => {
    // Its own broker: other suites on the shared test broker use the same topic names.
    const run = await runCli(['verify'], { cwd: root, env: { KAFKA_BROKERS: '', TRACEGATE_KAFKA_STRATEGY: 'jvm' } });
    expect(run.code, run.output).toBe(0);
    const report = run.report();
    // Every gate of the root config ran and passed: nothing was skipped.
    expect(report.gates.map((g) => [g.name, g.status])).toEqual([
      ['contract-documents', 'passed'],
      ['breaking-changes', 'passed'],
      ['pact-consumers', 'passed'],
      ['pact-provider', 'passed'],
      ['schemathesis', 'passed'],
      ['correlation-e2e', 'passed'],
      ['effects', 'passed'],
    ]);
    const gate = report.gates.find((g) => g.name === 'correlation-e2e');
    const scenarios = gate?.details?.scenarios ?? [];
    expect(scenarios.map((s) => [s.name, s.status])).toEqual([
      ['order-confirmed', 'passed'],
      ['order-declined', 'passed'],
      ['order-cancelled-and-refunded', 'passed'],
    ]);
    for (const scenario of scenarios) {
      // One trace per order flow, crossing both services.
      expect(scenario.traceIds, scenario.name).toHaveLength(1);
      expect(new Set(scenario.spans.map((s) => s.service))).toEqual(new Set(['order-service', 'payment-service']));
      expect(
        scenario.chain.every((h) => h.status === 'ok'),
        scenario.name,
      ).toBe(true);
    }
    const refund = scenarios[2]?.chain.find((h) =>
      h.label.startsWith('kafka-publish payment-service → payment.refunded'),
    );
    expect(refund?.headers?.['x-correlation-id']).toBe(scenarios[2]?.correlationId);
    // Every hop check of the reference config can fail (82 of 82 on 2026-11-29).
    expect(gate?.details?.hopChecks).toEqual({ checks: expect.any(Number), biting: expect.any(Number) });
    expect(gate?.details?.summary).toMatch(/; ([1-9]\d*) of \1 hop checks bite/);

    // The config marks Schemathesis and correlation-e2e concurrent: they overlap; the effects gate starts after both.
    const phases = new Map((report.phases ?? []).map((p) => [p.name, p]));
    const at = (name: string) => phases.get(name) ?? expect.fail(`no phase ${name}`);
    const end = (name: string) => at(name).startMs + at(name).durationMs;
    expect(at('gate correlation-e2e').startMs).toBeLessThan(end('gate schemathesis'));
    expect(at('gate schemathesis').startMs).toBeLessThan(end('gate correlation-e2e'));
    // Start and duration are each rounded to the millisecond.
    expect(at('gate effects').startMs).toBeGreaterThanOrEqual(
      Math.max(end('gate schemathesis'), end('gate correlation-e2e')) - 1,
    );
    for (const step of ['services', 'recording', 'kafka', 'databases', 'trace receiver'])
      expect(phases.has(`teardown ${step}`), step).toBe(true);
  }, 600_000);
});
