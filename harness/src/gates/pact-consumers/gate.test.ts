import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateContext, REPO_ROOT } from '../contract-documents/testing.ts';
import { pactConsumersGate } from './gate.ts';
import { readPactFiles } from './pact-files.ts';
import { readWrittenPacts, WRITTEN_PACTS_MANIFEST } from './written-pacts.ts';

const FOREIGN = JSON.stringify({
  consumer: { name: 'mobile-app' },
  provider: { name: 'order-service' },
  interactions: [{ type: 'Synchronous/HTTP', description: 'a request for an order' }],
  metadata: { pactSpecification: { version: '4.0' } },
});

describe('pact-consumers gate', () => {
  it("runs the reference service's consumer tests and reports every interaction written, keeping others' pacts", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegate-pacts-'));
    writeFileSync(join(dir, 'mobile-app-order-service.json'), FOREIGN);
    // A pact an earlier run wrote that the consumer tests no longer produce.
    writeFileSync(join(dir, 'kiosk-order-service.json'), FOREIGN.replace('mobile-app', 'kiosk'));
    writeFileSync(join(dir, WRITTEN_PACTS_MANIFEST), JSON.stringify({ files: ['kiosk-order-service.json'] }));
    const config = { pacts: { dir, consumerTests: ['contract-tests/consumers/'] } };
    const outcome = await pactConsumersGate.run(gateContext({ config }));
    expect(outcome.checks.filter((c) => c.status === 'failed')).toEqual([]);
    const names = outcome.checks.map((c) => c.name);
    expect(names).toContain('pact storefront → order-service: a request to place an order with an idempotency key');
    expect(names).toContain('pact payment-service → order-service: an order.created event');
    expect(names).toContain('pact order-service → payment-service: a payment.declined event');
    expect(names.filter((n) => n.includes('mobile-app'))).toEqual([]);
    expect(readPactFiles(dir).map((p) => `${p.consumer}→${p.provider} v${p.specification}`)).toEqual([
      'mobile-app→order-service v4.0',
      'order-service→payment-service v4.0',
      'payment-service→order-service v4.0',
      'storefront→order-service v4.0',
    ]);
    expect(readFileSync(join(dir, 'mobile-app-order-service.json'), 'utf8')).toBe(FOREIGN);
    expect(readWrittenPacts(dir)).toEqual([
      'order-service-payment-service.json',
      'payment-service-order-service.json',
      'storefront-order-service.json',
    ]);
    expect(outcome.details?.removedStalePacts).toEqual(['kiosk-order-service.json']);
  });

  it('fails when a consumer test drifts from its own pact, naming the test', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegate-pacts-'));
    writeFileSync(join(dir, 'mobile-app-order-service.json'), FOREIGN);
    const config = { pacts: { dir, consumerTests: ['inventory-client.pact-test.ts'] } };
    const outcome = await pactConsumersGate.run(
      gateContext({ config, dir: join(REPO_ROOT, 'fixtures/contracts/broken-consumer') }),
    );
    const failed = outcome.checks.filter((c) => c.status === 'failed');
    expect(failed.map((c) => c.name)).toEqual(['consumer test inventory-client.pact-test.ts › reads a reservation']);
    expect(failed[0]?.message).toMatch(/expected 500 to be 200|Mismatch|mismatch/);
    expect(readPactFiles(dir).map((p) => p.consumer)).toEqual(['mobile-app']);
  });
});
