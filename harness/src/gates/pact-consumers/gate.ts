import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import type { LoadedConfig } from '../../config/types.ts';
import type { CheckResult } from '../../report/types.ts';
import type { Gate } from '../types.ts';
import { type PactFile, readPactFiles } from './pact-files.ts';
import { runVitest, type VitestTest } from './run-vitest.ts';
import { publishWrittenPacts } from './written-pacts.ts';

/** The pacts directory of a config (default `pacts`), absolute. */
export function pactDir(loaded: LoadedConfig): string {
  return resolve(loaded.dir, loaded.config.pacts?.dir ?? 'pacts');
}

/**
 * Runs the consumer tests (`pacts.consumerTests`, with vitest) and reports each interaction they wrote. The tests
 * write into a fresh directory (`PACT_DIR`), so Pact never merges into stale files; their pacts are then copied into
 * `pacts.dir`, where pacts other teams put stay untouched.
 */
export const pactConsumersGate: Gate = {
  name: 'pact-consumers',
  description: 'Consumer tests run against the Pact mock server and write V4 pact files',
  needs: [],
  applies(loaded) {
    return (loaded.config.pacts?.consumerTests?.length ?? 0) > 0
      ? { ok: true }
      : { ok: false, reason: 'no pacts.consumerTests in the config' };
  },
  async run({ loaded, reportsDir, log }) {
    const dir = pactDir(loaded);
    mkdirSync(reportsDir, { recursive: true });
    const staging = mkdtempSync(join(tmpdir(), 'tracegate-pact-run-'));
    try {
      const files = loaded.config.pacts?.consumerTests ?? [];
      log(`pact-consumers: vitest run ${files.join(' ')} → ${dir}`);
      const { code, tests } = await runVitest({
        cwd: loaded.dir,
        files,
        env: { ...process.env, PACT_DIR: staging, PACT_DO_NOT_TRACK: 'true', CI: 'true' },
        reportFile: join(reportsDir, 'pact-consumers-vitest.json'),
        timeoutMs: 5 * 60_000,
      });
      const pacts = readPactFiles(staging);
      const { removed } = publishWrittenPacts(pacts, dir);
      const shown = (pact: PactFile) => relative(loaded.dir, join(dir, basename(pact.path)));
      const checks = [...testChecks(loaded, files, code, tests), ...interactionChecks(pacts, shown)];
      const interactions = pacts.reduce((n, p) => n + p.interactions.length, 0);
      return {
        checks,
        details: {
          summary: `${tests.length} consumer tests, ${pacts.length} pact files, ${interactions} interactions`,
          pactFiles: pacts.map(shown),
          interactions,
          ...(removed.length > 0 ? { removedStalePacts: removed } : {}),
        },
      };
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  },
};

function testChecks(
  loaded: LoadedConfig,
  files: readonly string[],
  code: number | null,
  tests: readonly VitestTest[],
): CheckResult[] {
  const failed: CheckResult[] = tests
    .filter((t) => t.status === 'failed')
    .map((t) => ({
      name: `consumer test ${relative(loaded.dir, t.file)} › ${t.fullName}`,
      status: 'failed',
      message: t.failureMessages.join('\n').split('\n').slice(0, 8).join('\n'),
    }));
  if (tests.length === 0)
    return [{ name: 'consumer tests ran', status: 'failed', message: `no test matched ${files.join(' ')}` }];
  if (code !== 0 && failed.length === 0)
    return [{ name: 'consumer tests exited cleanly', status: 'failed', message: `vitest exited ${code}` }];
  return failed;
}

function interactionChecks(pacts: readonly PactFile[], shown: (pact: PactFile) => string): CheckResult[] {
  return pacts.flatMap((pact) =>
    pact.interactions.map(
      (i): CheckResult => ({
        name: `pact ${pact.consumer} → ${pact.provider}: ${i.description}`,
        status: 'passed',
        message: `${i.type}${i.states.length > 0 ? ` given ${i.states.join(', ')}` : ''} (${shown(pact)})`,
      }),
    ),
  );
}
