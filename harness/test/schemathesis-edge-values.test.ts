import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gateContext, REPO_ROOT } from '../src/gates/contract-documents/testing.ts';
import { schemathesisGate } from '../src/gates/schemathesis/gate.ts';
import { startProcess } from '../src/provision/process.ts';
import type { StartedProcess } from '../src/provision/types.ts';

const dir = join(REPO_ROOT, 'fixtures/paged-service');

function start(faults: string): Promise<StartedProcess> {
  return startProcess({
    name: 'paged-service',
    command: [process.execPath, 'server.mjs'],
    cwd: dir,
    env: { PORT: '0', PAGED_FAULTS: faults },
    portFrom: { logPattern: '"port":(\\d+)' },
    timeoutMs: 15_000,
  });
}

function run(service: StartedProcess, minRequests = 50) {
  const config = {
    contracts: { openapi: { path: join(dir, 'openapi.yaml') } },
    gates: { schemathesis: { service: 'paged-service', minRequests, maxExamples: 50, seed: 11 } },
  };
  return schemathesisGate.run(gateContext({ config, services: [{ name: 'paged-service', url: service.url }] }));
}

describe('schemathesis gate: numeric edge values on an integer query parameter', () => {
  let good: StartedProcess;
  let faulty: StartedProcess;
  beforeAll(async () => {
    [good, faulty] = await Promise.all([start(''), start('500-on-non-finite-limit')]);
  });
  afterAll(async () => {
    await Promise.all([good?.stop(), faulty?.stop()]);
  });

  it('finds the 500 on limit=Infinity (or another non-finite limit) with every phase and check', async () => {
    const outcome = await run(faulty, 1_000_000);
    const failed = outcome.checks.filter((c) => c.status === 'failed');
    // The run stops at its failures: the request budget it did not reach is not a second failure.
    const count = outcome.checks.find((c) => c.name.startsWith('schemathesis sent at least'));
    expect(count?.status).toBe('skipped');
    expect(count?.message).toMatch(/^not judged: the run stopped at its first \d+ failure/);
    const serverError = failed.find((c) => c.name.startsWith('GET /items: ST101'));
    expect(serverError, failed.map((c) => c.name).join('\n')).toBeDefined();
    const request = serverError?.evidence?.find((e) => e.kind === 'http-request');
    expect(request?.kind === 'http-request' ? request.url : '').toMatch(/[?&]limit=(-?Infinity|-?1e309)(&|$)/);
    expect(outcome.details?.phases).toEqual(
      ['examples', 'coverage', 'fuzzing', 'stateful'].map((name) => expect.objectContaining({ name })),
    );
  }, 240_000);

  it('passes the correct service, reporting phases, checks and requests per operation', async () => {
    const outcome = await run(good);
    expect(outcome.checks.filter((c) => c.status === 'failed')).toEqual([]);
    expect(outcome.details?.schemathesisChecks).toEqual(
      expect.arrayContaining(['not_a_server_error', 'negative_data_rejection', 'response_schema_conformance']),
    );
    const count = outcome.checks.find((c) => c.name.startsWith('schemathesis sent at least'));
    expect(count?.message).toMatch(/phases: examples \(.*\), coverage \(success\), fuzzing \(success\), stateful \(/);
    expect(count?.message).toMatch(/requests per operation:\n {2}GET \/items: \d+ \(.*coverage \d+.*fuzzing \d+/);
  }, 240_000);
});
