import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CheckResult, VerifyReport } from '../src/report/types.ts';
import { runCli } from './cli-support.ts';

// Broken variants of the independent inventory service (INVENTORY_FAULTS) that keep every traced hop intact:
// only the effect contracts of fixtures/inventory-service/tracegate.config.yaml can catch them.
const cwd = fileURLToPath(new URL('../../fixtures/inventory-service/', import.meta.url));
const kafka = (): NodeJS.ProcessEnv => ({ KAFKA_BROKERS: '', TRACEGATE_KAFKA_STRATEGY: 'jvm' });

function effectChecks(report: VerifyReport): readonly CheckResult[] {
  return report.gates.find((g) => g.name === 'effects')?.details?.checks ?? [];
}

function curlOf(check: CheckResult | undefined): string {
  const request = check?.evidence?.find((e) => e.kind === 'http-request');
  return request && 'curl' in request ? (request.curl ?? '') : '';
}

describe('effect contracts over all the traffic of a run', () => {
  it('fails on a message key that is not the entity id, while every scenario hop passes', async () => {
    const run = await runCli(['verify', '--gates', 'correlation-e2e,effects'], {
      cwd,
      env: { ...kafka(), INVENTORY_FAULTS: 'random-key' },
    });
    expect(run.code, run.output).toBe(2);
    const report = run.report();
    expect(report.gates.find((g) => g.name === 'correlation-e2e')?.status).toBe('passed');
    const key = effectChecks(report).find((c) => c.name === 'inventory.reserved: key');
    expect(key?.status).toBe('failed');
    expect(key?.message).toMatch(
      /^MESSAGE_FIELD_MISMATCH: message inventory\.reserved\[\d+\]@\d+: key "[0-9a-f-]{36}" is not value\.id "[0-9a-f-]{36}"/,
    );
    expect(key?.message).toContain('caused by POST /reservations → 201');
    expect(curlOf(key)).toMatch(/^curl -i -X POST 'http:\/\/127\.0\.0\.1:\d+\/reservations'/);
    expect(effectChecks(report).find((c) => c.name === 'POST /reservations → inventory.reserved')?.status).toBe(
      'passed',
    );
  }, 300_000);

  it('fails on events lost for bulk reservations that only Schemathesis sent, naming the request', async () => {
    const run = await runCli(['verify', '--gates', 'schemathesis,effects'], {
      cwd,
      env: { ...kafka(), INVENTORY_FAULTS: 'drop-event-for-bulk' },
    });
    expect(run.code, run.output).toBe(2);
    const report = run.report();
    // Schemathesis only looks at HTTP: every response was right.
    expect(report.gates.find((g) => g.name === 'schemathesis')?.status).toBe('passed');
    const lost = effectChecks(report).find((c) => c.name === 'POST /reservations → inventory.reserved');
    expect(lost?.status).toBe('failed');
    expect(lost?.message).toMatch(
      /^EFFECT_MISSING: POST \/reservations → 201 caused 0 message\(s\) on inventory\.reserved, expected 1/,
    );
    const curl = curlOf(lost);
    expect(curl).toContain('/reservations');
    const body = /--data-raw '(.*)'$/.exec(curl)?.[1] ?? '{}';
    expect((JSON.parse(body) as { quantity: number }).quantity).toBeGreaterThan(100);
  }, 400_000);

  it('fails when the consumer is no longer idempotent and drops poison messages instead of dead-lettering them', async () => {
    const run = await runCli(['verify', '--gates', 'correlation-e2e,effects'], {
      cwd,
      env: { ...kafka(), INVENTORY_FAULTS: 'non-idempotent,no-dead-letter' },
    });
    expect(run.code, run.output).toBe(2);
    const checks = effectChecks(run.report());
    const redelivery = checks.find((c) => c.name === 'inventory.reserved: redelivery');
    expect(redelivery?.status).toBe('failed');
    expect(redelivery?.message).toMatch(
      /^REDELIVERY_NOT_CONSUMED: re-delivered inventory\.reserved\[(\d)\]@\d+ as inventory\.reserved\[\1\]@\d+: no log line "duplicate reservation skipped" from inventory-service within 5000 ms/,
    );
    const dead = checks.find((c) => c.name === 'inventory.reserved: dead letter');
    expect(dead?.status).toBe('failed');
    expect(dead?.message).toMatch(
      /^POISON_NOT_DEAD_LETTERED: poison message inventory\.reserved\[\d\]@\d+ never reached inventory\.reserved\.dlq/,
    );
    // The contracts over the service's own traffic still hold: only the consumer is broken. The partition rule read
    // the topic's partition count from the broker (without it, it fails with PARTITION_COUNT_UNKNOWN).
    expect(checks.find((c) => c.name === 'inventory.reserved: key')?.status).toBe('passed');
    expect(checks.find((c) => c.name === 'inventory.reserved: partition')?.status).toBe('passed');
  }, 300_000);
  it('fails when a duplicate changes the state the API shows, though it is recognised and publishes nothing', async () => {
    const run = await runCli(['verify', '--gates', 'correlation-e2e,effects'], {
      cwd,
      env: { ...kafka(), INVENTORY_FAULTS: 'touch-on-duplicate' },
    });
    expect(run.code, run.output).toBe(2);
    const checks = effectChecks(run.report());
    // The duplicate was logged as skipped and caused no message: only the state probe sees the write.
    expect(checks.find((c) => c.name === 'inventory.reserved: redelivery')?.status).toBe('passed');
    const state = checks.find((c) => c.name === 'inventory.reserved: redelivery state');
    expect(state?.status).toBe('failed');
    expect(state?.message).toMatch(
      /^the redelivered duplicate changed declared state:\nGET \/reservations\/\{value\.id\} on inventory-service \(changed: lastSeenAt\): before 200 \{.*\}; after 200 \{.*"lastSeenAt":"[^"]+"\}$/,
    );
    const request = state?.evidence?.find((e) => e.kind === 'http-request');
    expect(request && 'curl' in request ? request.curl : '').toMatch(
      /^curl -X GET 'http:\/\/127\.0\.0\.1:\d+\/reservations\/[0-9a-f-]{36}'$/,
    );
  }, 300_000);
});
