import { mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { LoadedConfig } from '../../config/types.ts';
import type { CheckResult } from '../../report/types.ts';
import type { Gate } from '../types.ts';
import { clearPactFiles, readPactFiles } from './pact-files.ts';
import { runVitest } from './run-vitest.ts';

/** The pacts directory of a config (default `pacts`), absolute. */
export function pactDir(loaded: LoadedConfig): string {
  return resolve(loaded.dir, loaded.config.pacts?.dir ?? 'pacts');
}

/** Runs the consumer tests (`pacts.consumerTests`, with vitest) and reports each interaction they wrote. */
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
    mkdirSync(dir, { recursive: true });
    clearPactFiles(dir);
    const files = loaded.config.pacts?.consumerTests ?? [];
    log(`pact-consumers: vitest run ${files.join(' ')} → ${dir}`);
    const { code, tests } = await runVitest({
      cwd: loaded.dir,
      files,
      env: { ...process.env, PACT_DIR: dir, PACT_DO_NOT_TRACK: 'true', CI: 'true' },
      reportFile: join(reportsDir, 'pact-consumers-vitest.json'),
      timeoutMs: 5 * 60_000,
    });
    const testChecks: CheckResult[] = tests
      .filter((t) => t.status === 'failed')
      .map((t) => ({
        name: `consumer test ${relative(loaded.dir, t.file)} › ${t.fullName}`,
        status: 'failed',
        message: t.failureMessages.join('\n').split('\n').slice(0, 8).join('\n'),
      }));
    const pacts = readPactFiles(dir);
    const interactionChecks: CheckResult[] = pacts.flatMap((pact) =>
      pact.interactions.map(
        (i): CheckResult => ({
          name: `pact ${pact.consumer} → ${pact.provider}: ${i.description}`,
          status: 'passed',
          message: `${i.type}${i.states.length > 0 ? ` given ${i.states.join(', ')}` : ''} (${relative(loaded.dir, pact.path)})`,
        }),
      ),
    );
    const noTests: CheckResult[] =
      tests.length === 0
        ? [{ name: 'consumer tests ran', status: 'failed', message: `no test matched ${files.join(' ')}` }]
        : [];
    const exitCheck: CheckResult[] =
      code !== 0 && testChecks.length === 0
        ? [{ name: 'consumer tests exited cleanly', status: 'failed', message: `vitest exited ${code}` }]
        : [];
    const interactions = interactionChecks.length;
    return {
      checks: [...noTests, ...testChecks, ...exitCheck, ...interactionChecks],
      details: {
        summary: `${tests.length} consumer tests, ${pacts.length} pact files, ${interactions} interactions`,
        pactFiles: pacts.map((p) => relative(loaded.dir, p.path)),
        interactions,
      },
    };
  },
};
