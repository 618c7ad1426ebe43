import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/gates/contract-documents/testing.ts';
import { readCatalog } from '../src/mutants/catalog.ts';
import { summarize } from '../src/mutants/report.ts';
import { runFlakiness, runMutants } from '../src/mutants/run-mutants.ts';

const workspaces = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { workspaces: string[] })
  .workspaces;
const options = { root: REPO_ROOT, workspaces, timeoutMs: 180_000 };

describe('npm run mutants (the CI subset)', () => {
  it('catches each fast mutant with the gate it is meant for, in a scratch copy', async () => {
    const subset = readCatalog(join(REPO_ROOT, 'tools/mutants/catalog.yaml')).filter((m) => m.ci);
    const report = summarize({ mutants: await runMutants(subset, options), baselines: [] });
    expect(report.total).toBe(subset.length);
    expect(report.mutants.map((m) => [m.id, m.caught, m.gates])).toEqual(subset.map((m) => [m.id, true, [m.gate]]));
    expect(report.caught).toBe(report.total);
  }, 400_000);

  it('passes the unmodified tree on the same gates (flakiness mode, one run here)', async () => {
    const flakiness = await runFlakiness(
      { config: 'tracegate.config.yaml', gates: ['breaking-changes'], runs: 1 },
      options,
    );
    expect(flakiness).toMatchObject({ runs: 1, done: 1, passed: 1, failedGates: [], kept: [] });
    expect(flakiness.durationsMs).toHaveLength(1);
  }, 200_000);
});
