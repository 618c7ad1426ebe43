import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gateContext, REPO_ROOT } from '../src/gates/contract-documents/testing.ts';
import { schemathesisGate } from '../src/gates/schemathesis/gate.ts';
import { startProcess } from '../src/provision/process.ts';
import type { StartedProcess } from '../src/provision/types.ts';

const dir = join(REPO_ROOT, 'fixtures/paged-service');

function run(service: StartedProcess, input: { minRequests: number; cacheDir: string }) {
  const config = {
    contracts: { openapi: { path: join(dir, 'openapi.yaml') } },
    gates: { schemathesis: { service: 'paged-service', minRequests: input.minRequests, maxExamples: 20, seed: 5 } },
  };
  const services = [{ name: 'paged-service', url: service.url ?? '' }];
  return schemathesisGate.run(gateContext({ config, services, cacheDir: input.cacheDir }));
}

describe('schemathesis gate: the first run sized from the figures of earlier runs', () => {
  let service: StartedProcess;
  const caches = mkdtempSync(join(tmpdir(), 'tg-st-budget-'));
  beforeAll(async () => {
    service = await startProcess({
      name: 'paged-service',
      command: [process.execPath, 'server.mjs'],
      cwd: dir,
      env: { PORT: '0' },
      portFrom: { logPattern: '"port":(\\d+)' },
      timeoutMs: 15_000,
    });
  });
  afterAll(async () => {
    await service?.stop();
    rmSync(caches, { recursive: true, force: true });
  });

  it('tops up the first time, then meets the budget in one larger run of the same seed', async () => {
    // What one run at the configured size sends, learnt with a cache of its own.
    const alone = await run(service, { minRequests: 0, cacheDir: join(caches, 'alone') });
    const minRequests = Number(alone.details?.requests) + 25;

    const cold = await run(service, { minRequests, cacheDir: join(caches, 'shared') });
    expect(cold.details?.seeds).toEqual([5, 6]);

    // A new reports directory each run (gateContext's default), as in a fresh CI checkout: only the cache carries over.
    const warm = await run(service, { minRequests, cacheDir: join(caches, 'shared') });
    expect(warm.checks.filter((c) => c.status === 'failed')).toEqual([]);
    expect(warm.details?.seeds).toEqual([5]);
    expect(Number(warm.details?.requests)).toBeGreaterThanOrEqual(minRequests);
    const count = warm.checks.find((c) => c.name === `schemathesis sent at least ${minRequests} requests`);
    expect(count?.status).toBe('passed');
    expect(count?.message).toMatch(/in 1 runs \(seeds 5; max-examples (\d+)\)/);
    expect(Number(/max-examples (\d+)/.exec(count?.message ?? '')?.[1])).toBeGreaterThan(20);
    expect(readdirSync(join(caches, 'shared', 'schemathesis', 'run-figures'))).toHaveLength(1);
  }, 300_000);
});
