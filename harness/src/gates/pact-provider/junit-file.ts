import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderJUnit } from '../../report/junit.ts';
import type { CheckResult } from '../../report/types.ts';

/** Writes `pact-provider-junit.xml` into `reportsDir` (made when missing: a fresh clone has none). */
export function writeProviderJUnit(input: {
  reportsDir: string;
  system: string;
  checks: readonly CheckResult[];
}): void {
  const failures = input.checks.filter((c) => c.status === 'failed').length;
  const gate = {
    name: 'pact-provider',
    status: failures > 0 ? 'failed' : 'passed',
    checks: input.checks.length,
    failures,
    durationMs: 0,
    details: { checks: input.checks },
  } as const;
  const xml = renderJUnit({
    ok: failures === 0,
    tool: { name: 'tracegate', version: '0' },
    system: input.system,
    startedAt: new Date().toISOString(),
    durationMs: 0,
    environment: {},
    gates: [gate],
  });
  mkdirSync(input.reportsDir, { recursive: true });
  writeFileSync(join(input.reportsDir, 'pact-provider-junit.xml'), xml);
}
