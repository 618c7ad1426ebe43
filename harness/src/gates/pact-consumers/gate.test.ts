import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateContext, REPO_ROOT } from '../contract-documents/testing.ts';
import { pactConsumersGate } from './gate.ts';
import { readPactFiles } from './pact-files.ts';

describe('pact-consumers gate', () => {
  it("runs the reference service's consumer tests and reports every interaction written", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegate-pacts-'));
    const config = { pacts: { dir, consumerTests: ['contract-tests/consumers/'] } };
    const outcome = await pactConsumersGate.run(gateContext({ config }));
    expect(outcome.checks.filter((c) => c.status === 'failed')).toEqual([]);
    const names = outcome.checks.map((c) => c.name);
    expect(names).toContain('pact storefront → order-service: a request to place an order with an idempotency key');
    expect(names).toContain('pact payment-service → order-service: an order.created event');
    expect(names).toContain('pact order-service → payment-service: a payment.declined event');
    expect(readPactFiles(dir).map((p) => `${p.consumer}→${p.provider} v${p.specification}`)).toEqual([
      'order-service→payment-service v4.0',
      'payment-service→order-service v4.0',
      'storefront→order-service v4.0',
    ]);
  });

  it('fails when a consumer test drifts from its own pact, naming the test', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegate-pacts-'));
    const config = { pacts: { dir, consumerTests: ['inventory-client.pact-test.ts'] } };
    const outcome = await pactConsumersGate.run(
      gateContext({ config, dir: join(REPO_ROOT, 'fixtures/contracts/broken-consumer') }),
    );
    const failed = outcome.checks.filter((c) => c.status === 'failed');
    expect(failed.map((c) => c.name)).toEqual(['consumer test inventory-client.pact-test.ts › reads a reservation']);
    expect(failed[0]?.message).toMatch(/expected 500 to be 200|Mismatch|mismatch/);
    expect(readPactFiles(dir)).toEqual([]);
  });
});
