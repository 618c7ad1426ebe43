import { join } from 'node:path';
import { HarnessError } from '../../errors.ts';
import { runCommand, tail } from '../../provision/run-command.ts';
import type { SchemathesisCommand } from '../../provision/types.ts';
import { readJUnitFailures, type SchemathesisFailure } from './read-reports.ts';
import { type RunStats, readRunStats } from './run-stats.ts';

/** One Schemathesis run: its exit code, the requests it sent, its failures and where its reports are. */
export interface SchemathesisRun {
  readonly code: number;
  readonly seed: number;
  readonly maxExamples: number;
  readonly requests: number;
  /** Phases, checks and requests per operation of this run. */
  readonly stats: RunStats;
  readonly failures: readonly SchemathesisFailure[];
  readonly junit: string;
  readonly ndjson: string;
  readonly summary: string;
}

/** Runs `st run` once: the given phases and checks, positive and negative data, a fixed seed, an optional `schemathesis.toml`. */
export async function runSchemathesis(input: {
  st: SchemathesisCommand;
  openapi: string;
  baseUrl: string;
  seed: number;
  maxExamples: number;
  phases: readonly string[];
  checks: readonly string[];
  excludeChecks: readonly string[];
  /** A `schemathesis.toml` (passed as `--config-file`, so no stray one is picked up from the working directory). */
  configFile?: string;
  reportDir: string;
  label: string;
  timeoutMs: number;
  /** Aborting it (Ctrl-C) kills the run. */
  signal?: AbortSignal;
}): Promise<SchemathesisRun> {
  const junit = join(input.reportDir, `schemathesis-${input.label}.junit.xml`);
  const ndjson = join(input.reportDir, `schemathesis-${input.label}.ndjson`);
  const [program = 'st', ...prefix] = input.st.command;
  const args = [
    ...prefix,
    ...(input.configFile ? ['--config-file', input.configFile] : []),
    'run',
    input.openapi,
    '--url',
    input.baseUrl,
    '--phases',
    input.phases.join(','),
    '--checks',
    input.checks.join(','),
    '--mode',
    'all',
    '--seed',
    String(input.seed),
    '--max-examples',
    String(input.maxExamples),
    '--report',
    'junit,ndjson',
    '--report-dir',
    input.reportDir,
    '--report-junit-path',
    junit,
    '--report-ndjson-path',
    ndjson,
    '--no-color',
    ...(input.excludeChecks.length > 0 ? ['--exclude-checks', input.excludeChecks.join(',')] : []),
  ];
  const result = await runCommand(program, args, {
    timeoutMs: input.timeoutMs,
    env: { ...process.env, SCHEMATHESIS_TELEMETRY: 'false' },
    ...(input.signal ? { signal: input.signal } : {}),
  });
  if (!result) throw new HarnessError('MISSING_PREREQUISITE', `schemathesis (${program}) is not installed`);
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.code !== 0 && result.code !== 1) {
    throw new HarnessError(
      'GATE_ERROR',
      `schemathesis exited ${result.code} (schema or configuration error):\n${tail(output, 25)}`,
    );
  }
  const stats = readRunStats(ndjson);
  return {
    code: result.code,
    seed: input.seed,
    maxExamples: input.maxExamples,
    requests: stats.requests,
    stats,
    failures: readJUnitFailures(junit),
    junit,
    ndjson,
    summary: /Test cases:\s*\n\s*(.+)/.exec(output)?.[1]?.trim() ?? '',
  };
}
