import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { runCli } from './cli-support.ts';

// The inventory service is an independent plain-Node service with no tracegate code inside:
// tracegate verifies it only through fixtures/inventory-service/tracegate.config.yaml.
const cwd = fileURLToPath(new URL('../../fixtures/inventory-service/', import.meta.url));

describe('tracegate verify on an independent service', () => {
  it('passes the correlation gate on the healthy service and writes all three reports', async () => {
    const run = await runCli(['verify', '--gates', 'correlation-e2e'], {
      cwd,
      env: { KAFKA_BROKERS: inject('kafkaBrokers') },
    });
    expect(run.code, run.output).toBe(0);
    const report = run.report();
    expect(report).toMatchObject({ ok: true, system: 'inventory' });
    const gate = report.gates.find((g) => g.name === 'correlation-e2e');
    expect(gate).toMatchObject({ status: 'passed', checks: 1, failures: 0 });
    const scenario = gate?.details?.scenarios?.[0];
    expect(scenario?.chain.map((h) => h.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(scenario?.spans.map((s) => s.kind).sort()).toEqual(['consumer', 'producer', 'server']);
    expect(run.output).toMatch(/correlation-e2e\s+passed/);
  });

  it('fails when the service stops propagating trace context, naming the Kafka publish hop', async () => {
    const run = await runCli(['verify', '--gates', 'correlation-e2e'], {
      cwd,
      env: { KAFKA_BROKERS: inject('kafkaBrokers'), INVENTORY_FAULTS: 'drop-trace-context' },
    });
    expect(run.code, run.output).toBe(2);
    const gate = run.report().gates.find((g) => g.name === 'correlation-e2e');
    expect(gate?.status).toBe('failed');
    const scenario = gate?.details?.scenarios?.[0];
    expect(scenario?.firstBrokenHop).toBe('kafka-publish inventory-service → inventory.reserved');
    expect(gate?.details?.checks?.[0]?.message).toContain('has no traceparent header');
  });

  it('fails at the log hop when log lines lose the correlation id', async () => {
    const run = await runCli(['verify', '--gates', 'correlation-e2e'], {
      cwd,
      env: { KAFKA_BROKERS: inject('kafkaBrokers'), INVENTORY_FAULTS: 'drop-log-correlation' },
    });
    expect(run.code, run.output).toBe(2);
    const scenario = run.report().gates.find((g) => g.name === 'correlation-e2e')?.details?.scenarios?.[0];
    expect(scenario?.firstBrokenHop).toBe('log inventory-service');
  });
});
