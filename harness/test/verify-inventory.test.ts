import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-support.ts';

// The inventory service is an independent plain-Node service with no tracegate code inside:
// tracegate verifies it only through fixtures/inventory-service/tracegate.config.yaml.
const cwd = fileURLToPath(new URL('../../fixtures/inventory-service/', import.meta.url));
// Each run provisions its own broker: on the shared test broker, other suites' traffic would be (rightly) reported
// by the AsyncAPI traffic check as messages on undeclared topics.
const kafka = (): NodeJS.ProcessEnv => ({ KAFKA_BROKERS: '', TRACEGATE_KAFKA_STRATEGY: 'jvm' });

describe('tracegate verify on an independent service', () => {
  it('passes every configured gate on the healthy service and writes all three reports', async () => {
    const run = await runCli(['verify'], { cwd, env: kafka() });
    expect(run.code, run.output).toBe(0);
    const report = run.report();
    expect(report).toMatchObject({ ok: true, system: 'inventory' });
    const statuses = Object.fromEntries(report.gates.map((g) => [g.name, g.status]));
    expect(statuses).toMatchObject({
      'contract-documents': 'passed',
      'breaking-changes': 'passed',
      schemathesis: 'passed',
      'correlation-e2e': 'passed',
      effects: 'passed',
    });
    const scenario = report.gates.find((g) => g.name === 'correlation-e2e')?.details?.scenarios?.[0];
    expect(scenario?.chain.map((h) => h.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(scenario?.spans.map((s) => s.kind).sort()).toEqual(['consumer', 'producer', 'server']);
    expect(run.output).toMatch(/correlation-e2e\s+passed/);
    const effects = report.gates.find((g) => g.name === 'effects')?.details?.checks ?? [];
    expect(effects.find((c) => c.name === 'inventory.reserved: redelivery state')?.message).toBe(
      '1 state probe(s) answered the same after the redelivery',
    );
  }, 300_000);

  it('fails the correlation gate when the service stops propagating trace context, naming the Kafka publish hop', async () => {
    const run = await runCli(['verify', '--gates', 'correlation-e2e'], {
      cwd,
      env: { ...kafka(), INVENTORY_FAULTS: 'drop-trace-context' },
    });
    expect(run.code, run.output).toBe(2);
    const gate = run.report().gates.find((g) => g.name === 'correlation-e2e');
    expect(gate?.status).toBe('failed');
    expect(gate?.details?.scenarios?.[0]?.firstBrokenHop).toBe('kafka-publish inventory-service → inventory.reserved');
    const messages = gate?.details?.checks?.map((c) => `${c.name}: ${c.message ?? ''}`).join('\n');
    expect(messages).toContain('has no traceparent header');
    // The AsyncAPI document requires traceparent: the traffic tap flags the same message.
    const traffic = gate?.details?.checks?.filter((c) => c.name.startsWith('asyncapi traffic')) ?? [];
    expect(traffic.length).toBeGreaterThan(0);
    expect(traffic.every((c) => c.status === 'failed')).toBe(true);
    expect(traffic.map((c) => c.message).join('\n')).toContain("must have required property 'traceparent'");
  }, 300_000);

  it('fails at the log hop when log lines lose the correlation id', async () => {
    const run = await runCli(['verify', '--gates', 'correlation-e2e'], {
      cwd,
      env: { ...kafka(), INVENTORY_FAULTS: 'drop-log-correlation' },
    });
    expect(run.code, run.output).toBe(2);
    const scenario = run.report().gates.find((g) => g.name === 'correlation-e2e')?.details?.scenarios?.[0];
    expect(scenario?.firstBrokenHop).toBe('log inventory-service');
  }, 300_000);

  it('fails the Schemathesis gate on a 500 for an edge input, with the reproducing request', async () => {
    const run = await runCli(['verify', '--gates', 'schemathesis'], {
      cwd,
      env: { ...kafka(), INVENTORY_FAULTS: '500-on-large-quantity' },
    });
    expect(run.code, run.output).toBe(2);
    const failed = run
      .report()
      .gates.find((g) => g.name === 'schemathesis')
      ?.details?.checks?.filter((c) => c.status === 'failed');
    const evidence = failed?.flatMap((c) => c.evidence ?? []).find((e) => e.kind === 'http-request');
    expect(evidence).toMatchObject({ kind: 'http-request', method: 'POST' });
    expect(evidence && 'curl' in evidence ? evidence.curl : '').toContain('/reservations');
  }, 300_000);
});

describe('tracegate init on the independent service', () => {
  // Inside the repository, so the copied service resolves its dependencies as the original does.
  const copy = mkdtempSync(join(cwd, '..', '.init-'));
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('writes a starter config that tracegate verify accepts: it starts the service and runs the gates', async () => {
    cpSync(cwd, copy, { recursive: true, filter: (path) => !path.endsWith('tracegate.config.yaml') });
    const init = await runCli(['init'], { cwd: copy, timeoutMs: 30_000 });
    expect(init.code, init.output).toBe(0);
    expect(init.output).toContain('OpenAPI: openapi.yaml');
    const run = await runCli(['verify'], { cwd: copy, env: kafka() });
    // 2 is a finding, not a rejection: the starter config runs Schemathesis with every check.
    expect([0, 2], run.output).toContain(run.code);
    const gates = Object.fromEntries(run.report().gates.map((g) => [g.name, g]));
    expect(gates['contract-documents']?.status).toBe('passed');
    expect(gates.schemathesis?.details?.summary).toMatch(/^[1-9]\d* requests/);
  }, 300_000);
});
