import { join } from 'node:path';
import { gateContext, REPO_ROOT, schemathesisGate } from '@tracegate/harness/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type InventoryService, startInventoryService } from './inventory-service.ts';

const openapi = (file: string) => join(REPO_ROOT, file);

function run(service: InventoryService, document: string, minRequests: number) {
  const config = {
    contracts: { openapi: { path: openapi(document) } },
    gates: {
      schemathesis: {
        service: 'inventory-service',
        minRequests,
        maxExamples: 60,
        seed: 7,
        excludeChecks: ['unsupported_method'],
      },
    },
  };
  return schemathesisGate.run(gateContext({ config, services: [service] }));
}

describe('schemathesis gate against fixtures/inventory-service', () => {
  let good: InventoryService;
  let faulty: InventoryService;
  beforeAll(async () => {
    good = await startInventoryService(inject('kafkaBrokers'));
    faulty = await startInventoryService(inject('kafkaBrokers'), '500-on-large-quantity');
  });
  afterAll(async () => {
    await good?.stop();
    await faulty?.stop();
  });

  it('passes the good service and counts at least minRequests requests', async () => {
    const outcome = await run(good, 'fixtures/inventory-service/openapi.yaml', 1000);
    expect(outcome.checks.filter((c) => c.status === 'failed')).toEqual([]);
    expect(outcome.details?.requests).toBeGreaterThanOrEqual(1000);
  }, 300_000);

  it('fails on a 500 for a large quantity, showing the reproducing curl', async () => {
    const outcome = await run(faulty, 'fixtures/inventory-service/openapi.yaml', 0);
    const failed = outcome.checks.filter((c) => c.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.some((c) => /Server error/i.test(c.name) && c.name.startsWith('POST /reservations'))).toBe(true);
    const evidence = failed.flatMap((c) => c.evidence ?? []).find((e) => e.kind === 'http-request');
    expect(evidence).toMatchObject({
      kind: 'http-request',
      method: 'POST',
      curl: expect.stringContaining('curl -X POST'),
    });
    expect(evidence?.kind === 'http-request' ? evidence.url : '').toContain(`${faulty.url}/reservations`);
  }, 300_000);

  it('fails when the document promises a property the responses lack', async () => {
    const outcome = await run(good, 'fixtures/contracts/inventory-openapi-undelivered-property.yaml', 0);
    const failed = outcome.checks.filter((c) => c.status === 'failed');
    expect(failed.some((c) => /reservedAt/.test(c.message ?? ''))).toBe(true);
  }, 300_000);

  it('fails when fewer requests than minRequests were sent', async () => {
    const config = {
      contracts: { openapi: { path: openapi('fixtures/inventory-service/openapi.yaml') } },
      gates: {
        schemathesis: {
          service: 'inventory-service',
          minRequests: 1_000_000,
          maxExamples: 1,
          maxRuns: 2,
          seed: 7,
          excludeChecks: ['unsupported_method'],
        },
      },
    };
    const outcome = await schemathesisGate.run(gateContext({ config, services: [good] }));
    const count = outcome.checks.find((c) => c.name.startsWith('schemathesis sent at least'));
    expect(count?.message).toMatch(/in 2 runs \(seeds 7, 8; max-examples 1, 10\)/);
    expect(count?.status).toBe('failed');
  }, 120_000);
});
