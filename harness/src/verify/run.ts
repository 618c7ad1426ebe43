import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LoadedConfig } from '../config/types.ts';
import { crashed, runGate, skipped } from '../gates/runner.ts';
import type { Gate } from '../gates/types.ts';
import type { GateReport, VerifyReport } from '../report/types.ts';
import type { Progress, RunEnvironment, VerifyOptions } from '../run/types.ts';
import { startEnvironment } from './environment.ts';
import { selectGates } from './select.ts';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** The result of a run: the report, and whether tracegate itself could not run (exit 1 rather than 2). */
export interface VerifyResult {
  readonly report: VerifyReport;
  readonly couldNotRun: boolean;
}

/** Runs the selected gates of a configuration against a freshly provisioned environment. */
export async function verify(input: {
  loaded: LoadedConfig;
  options: VerifyOptions;
  gates: readonly Gate[];
  progress: Progress;
  signal: AbortSignal;
}): Promise<VerifyResult> {
  const { loaded, options, progress, signal } = input;
  const startedAt = new Date();
  const started = performance.now();
  const selection = selectGates(input.gates, loaded, options);
  const toRun = selection.filter((s) => s.run).map((s) => s.gate);
  const needs = new Set(toRun.flatMap((g) => g.needs));
  const reports = new Map<string, GateReport>();
  for (const s of selection) if (!s.run) reports.set(s.gate.name, skipped(s.gate.name, s.reason));

  let couldNotRun = false;
  let facts: Record<string, string> = {};
  if (toRun.length > 0) {
    progress.start('provisioning the environment');
    const envStarted = performance.now();
    let environment: Awaited<ReturnType<typeof startEnvironment>> | undefined;
    try {
      environment = await startEnvironment({ loaded, options, needs, log: progress.info });
      facts = environment.env.facts;
      progress.finish('environment', `ready in ${seconds(performance.now() - envStarted)}`);
      couldNotRun = await runAll(
        toRun,
        environment.env,
        { ...input, reportsDir: resolve(options.reportsDir) },
        reports,
      );
    } catch (error) {
      progress.finish('environment', `could not start: ${error instanceof Error ? error.message : String(error)}`);
      for (const gate of toRun) if (!reports.has(gate.name)) reports.set(gate.name, crashed(gate.name, error, 0));
      couldNotRun = true;
    } finally {
      progress.start('tearing down');
      await environment?.close();
      progress.finish('teardown', 'done');
    }
  }
  if (signal.aborted) couldNotRun = true;
  const gates = input.gates.map((g) => reports.get(g.name)).filter((r): r is GateReport => r !== undefined);
  const report: VerifyReport = {
    ok: !couldNotRun && gates.every((g) => g.status !== 'failed'),
    tool: { name: 'tracegate', version: VERSION },
    system: loaded.config.system,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    environment: { node: process.version, config: loaded.path, ...facts },
    gates,
  };
  return { report, couldNotRun };
}

async function runAll(
  gates: readonly Gate[],
  env: RunEnvironment,
  input: { loaded: LoadedConfig; progress: Progress; signal: AbortSignal; reportsDir: string },
  reports: Map<string, GateReport>,
): Promise<boolean> {
  let couldNotRun = false;
  for (const gate of gates) {
    if (input.signal.aborted) {
      reports.set(gate.name, crashed(gate.name, new Error('interrupted'), 0));
      continue;
    }
    input.progress.start(`gate ${gate.name}`);
    const context = {
      loaded: input.loaded,
      env,
      reportsDir: input.reportsDir,
      log: input.progress.info,
      signal: input.signal,
    };
    const { report, crashed: gateCrashed } = await runGate(gate, context);
    couldNotRun ||= gateCrashed;
    reports.set(gate.name, report);
    input.progress.finish(
      `gate ${gate.name}`,
      `${report.status} (${report.checks} checks, ${report.failures} failed, ${seconds(report.durationMs)})`,
    );
  }
  return couldNotRun;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;
