import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { HarnessError } from '../../errors.ts';
import { runCommand, tail } from '../../provision/run-command.ts';

/** One test as vitest's JSON reporter describes it. */
export interface VitestTest {
  readonly file: string;
  readonly fullName: string;
  readonly status: string;
  readonly failureMessages: readonly string[];
}

/** Finds vitest as the project under test resolves it (else the harness's own). */
export function vitestEntry(projectDir: string): string {
  for (const base of [join(projectDir, 'package.json'), import.meta.filename]) {
    try {
      const pkg = createRequire(base).resolve('vitest/package.json');
      const entry = join(dirname(pkg), 'vitest.mjs');
      if (existsSync(entry)) return entry;
    } catch {
      // not resolvable from here; try the next base
    }
  }
  throw new HarnessError('MISSING_PREREQUISITE', `vitest is not installed in ${projectDir} (npm install -D vitest)`);
}

/** Runs `vitest run <files>` in `cwd` with a JSON report; a crash (no report) is a HarnessError. */
export async function runVitest(input: {
  cwd: string;
  files: readonly string[];
  env: NodeJS.ProcessEnv;
  reportFile: string;
  timeoutMs: number;
}): Promise<{ code: number | null; tests: VitestTest[] }> {
  const args = [vitestEntry(input.cwd), 'run', ...input.files, '--reporter=json', `--outputFile=${input.reportFile}`];
  const result = await runCommand(process.execPath, args, {
    cwd: input.cwd,
    env: input.env,
    timeoutMs: input.timeoutMs,
  });
  if (!result || !existsSync(input.reportFile)) {
    const output = result ? tail(`${result.stdout}\n${result.stderr}`) : '';
    throw new HarnessError(
      'GATE_ERROR',
      `vitest did not run ${input.files.join(' ')} (exit ${result?.code}):\n${output}`,
    );
  }
  const report = JSON.parse(readFileSync(input.reportFile, 'utf8')) as RawReport;
  const tests = (report.testResults ?? []).flatMap((file) =>
    (file.assertionResults ?? []).map((t) => ({
      file: file.name ?? '',
      fullName: t.fullName ?? t.title ?? '',
      status: t.status ?? 'unknown',
      failureMessages: t.failureMessages ?? [],
    })),
  );
  return { code: result.code, tests };
}

interface RawReport {
  testResults?: {
    name?: string;
    assertionResults?: { fullName?: string; title?: string; status?: string; failureMessages?: string[] }[];
  }[];
}
