import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { gateContext, pactProviderGate } from '@tracegate/harness/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type InventoryService, startInventoryService } from './inventory-service.ts';

const { fromProviderState, string, integer } = MatchersV3;

/** Writes a pact of an inventory UI; `extra` adds fields the UI expects in a reservation. */
async function writePact(dir: string, extra: Record<string, unknown>): Promise<void> {
  const pact = new PactV4({ consumer: 'inventory-ui', provider: 'inventory-service', dir, logLevel: 'warn' });
  const reservation = { id: string('r-1'), sku: 'SKU-1', quantity: integer(1), status: 'reserved', ...extra };
  await pact
    .addInteraction()
    .given('a reservation exists')
    .uponReceiving('a request for a reservation')
    .withRequest('GET', fromProviderState('/reservations/${id}', '/reservations/r-1'))
    .willRespondWith(200, (response) => response.jsonBody(reservation))
    .executeTest(async (server) => void (await fetch(`${server.url}/reservations/r-1`)).arrayBuffer());
}

function run(service: InventoryService, dir: string) {
  const config = { pacts: { dir, stateHandlers: 'contract-tests/test/inventory-provider/state-handlers.ts' } };
  return pactProviderGate.run(gateContext({ config, services: [service] }));
}

describe('pact-provider gate against fixtures/inventory-service', () => {
  let service: InventoryService;
  beforeAll(async () => {
    service = await startInventoryService(inject('kafkaBrokers'));
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('verifies an honoured pact, with the provider state set up through the API', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegate-pacts-'));
    await writePact(dir, {});
    const outcome = await run(service, dir);
    expect(outcome.checks.map((c) => [c.name, c.status])).toEqual([
      ['inventory-ui → inventory-service: a request for a reservation', 'passed'],
    ]);
    expect(outcome.details?.summary).toBe('1 of 1 interactions verified across 1 pact files (0 failed, 0 skipped)');
  });

  it('fails when the provider does not return a field the consumer needs, showing the mismatch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegate-pacts-'));
    await writePact(dir, { reservedAt: string('2026-11-20T10:00:00Z') });
    const outcome = await run(service, dir);
    const [check] = outcome.checks;
    expect(check?.status).toBe('failed');
    expect(check?.evidence?.[0]).toMatchObject({
      kind: 'pact-mismatch',
      mismatches: [expect.stringContaining('reservedAt')],
    });
    expect(outcome.details?.summary).toBe('0 of 1 interactions verified across 1 pact files (1 failed, 0 skipped)');
  });

  it('fails when there is no pact to verify', async () => {
    const outcome = await run(service, mkdtempSync(join(tmpdir(), 'tracegate-pacts-')));
    expect(outcome.checks).toMatchObject([{ status: 'failed', message: expect.stringContaining('no pact file') }]);
  });
});
