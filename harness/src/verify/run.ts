import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LoadedConfig } from '../config/types.ts';
import { crashed, runGate, skipped } from '../gates/runner.ts';
import type { Gate } from '../gates/types.ts';
import { deferSignalCleanup } from '../provision/cleanup.ts';
import type { GateReport, VerifyReport } from '../report/types.ts';
import { createPhaseRecorder, type PhaseRecorder } from '../run/phases.ts';
import type { Progress, RunEnvironment, VerifyOptions } from '../run/types.ts';
import { type OpenEnvironment, openEnvironment } from './environment.ts';
import { selectGates } from './select.ts';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** The result of a run: the report, and whether tracegate itself could not run (exit 1 rather than 2). */
export interface VerifyResult {
  readonly report: VerifyReport;
  readonly couldNotRun: boolean;
}

interface RunInput {
  readonly loaded: LoadedConfig;
  readonly progress: Progress;
  readonly signal: AbortSignal;
  readonly reportsDir: string;
  readonly phases: PhaseRecorder;
}

/**
 * Runs the selected gates of a configuration against a freshly provisioned environment. Gates that need nothing
 * started (empty `needs`) run while the environment is provisioned; the others after it, in registry order, gates
 * the config marks `concurrent` side by side with their concurrent neighbours. Reports keep registry order.
 */
export async function verify(input: {
  loaded: LoadedConfig;
  options: VerifyOptions;
  gates: readonly Gate[];
  progress: Progress;
  signal: AbortSignal;
  /** Where phases are recorded (the CLI's, which already holds the config load); a new recorder by default. */
  phases?: PhaseRecorder;
}): Promise<VerifyResult> {
  const { loaded, options, progress, signal } = input;
  const startedAt = new Date();
  const started = performance.now();
  const phases = input.phases ?? createPhaseRecorder(started);
  const selection = selectGates(input.gates, loaded, options);
  const toRun = selection.filter((s) => s.run).map((s) => s.gate);
  const reports = new Map<string, GateReport>();
  for (const s of selection) if (!s.run) reports.set(s.gate.name, skipped(s.gate.name, s.reason));

  const run: RunInput = { loaded, progress, signal, reportsDir: resolve(options.reportsDir), phases };
  const outcome = toRun.length > 0 ? await provisionAndRun(toRun, options, run, reports) : undefined;
  const couldNotRun = (outcome?.couldNotRun ?? false) || signal.aborted;
  const gates = input.gates.map((g) => reports.get(g.name)).filter((r): r is GateReport => r !== undefined);
  const report: VerifyReport = {
    ok: !couldNotRun && gates.every((g) => g.status !== 'failed'),
    tool: { name: 'tracegate', version: VERSION },
    system: loaded.config.system,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    environment: { node: process.version, config: loaded.path, ...(outcome?.facts ?? {}) },
    gates,
    phases: phases.list(),
  };
  return { report, couldNotRun };
}

/** Provisions the environment while the gates that need none run, then runs the rest; always tears down. */
async function provisionAndRun(
  toRun: readonly Gate[],
  options: VerifyOptions,
  run: RunInput,
  reports: Map<string, GateReport>,
): Promise<{ couldNotRun: boolean; facts: Record<string, string> }> {
  const { progress } = run;
  const needs = new Set(toRun.flatMap((g) => g.needs));
  const early = toRun.filter((g) => g.needs.length === 0);
  const late = toRun.filter((g) => g.needs.length > 0);
  progress.start('provisioning the environment');
  const envStarted = performance.now();
  let open: OpenEnvironment | undefined;
  let earlyRun: Promise<boolean> = Promise.resolve(false);
  let undefer: (() => void) | undefined;
  try {
    open = await openEnvironment({ loaded: run.loaded, options, needs, log: progress.info, phases: run.phases });
    earlyRun = runGates(early, open.base, run, reports);
    const env = await open.provision();
    // From here an interrupt ends in the teardown, which stops the Kafka clients before the broker; while provisioning,
    // the processes are killed at once (nothing waits for them yet).
    undefer = deferSignalCleanup();
    progress.finish('environment', `ready in ${seconds(performance.now() - envStarted)}`);
    // The rest may read what an early gate wrote (the provider verifies the pacts the consumer tests just wrote).
    const earlyCouldNotRun = await earlyRun;
    return { couldNotRun: (await runGates(late, env, run, reports)) || earlyCouldNotRun, facts: env.facts };
  } catch (error) {
    progress.finish('environment', `could not start: ${error instanceof Error ? error.message : String(error)}`);
    await earlyRun;
    for (const gate of toRun) if (!reports.has(gate.name)) reports.set(gate.name, crashed(gate.name, error, 0));
    return { couldNotRun: true, facts: open?.base.facts ?? {} };
  } finally {
    progress.start('tearing down');
    try {
      await run.phases.time('teardown', async () => open?.close());
    } finally {
      undefer?.();
    }
    progress.finish('teardown', 'done');
  }
}

/**
 * Runs gates in order, one group at a time (see {@link gateGroups}); once interrupted, the gates not started yet are
 * reported as interrupted.
 */
async function runGates(
  gates: readonly Gate[],
  env: RunEnvironment,
  input: RunInput,
  reports: Map<string, GateReport>,
): Promise<boolean> {
  let couldNotRun = false;
  for (const group of gateGroups(gates, input.loaded)) {
    if (input.signal.aborted) {
      for (const gate of group) reports.set(gate.name, crashed(gate.name, new Error('interrupted'), 0));
      continue;
    }
    const crashes = await Promise.all(group.map((gate) => runOne(gate, env, input, reports)));
    couldNotRun ||= crashes.some(Boolean);
  }
  return couldNotRun;
}

/**
 * Splits gates, kept in order, into groups that run one after another: a gate the config marks `concurrent` joins
 * the group of the concurrent gates right before it; every other gate (and an `exclusive` one always) runs alone.
 */
export function gateGroups(gates: readonly Gate[], loaded: LoadedConfig): Gate[][] {
  const settings = loaded.config.gates as Record<string, { concurrent?: boolean } | undefined> | undefined;
  const concurrent = (gate: Gate) => gate.exclusive !== true && settings?.[gate.name]?.concurrent === true;
  const groups: Gate[][] = [];
  for (const gate of gates) {
    const last = groups.at(-1);
    if (last && concurrent(gate) && last.every(concurrent)) last.push(gate);
    else groups.push([gate]);
  }
  return groups;
}

/** Runs one gate as a phase and stores its report; resolves with whether it crashed. */
async function runOne(
  gate: Gate,
  env: RunEnvironment,
  input: RunInput,
  reports: Map<string, GateReport>,
): Promise<boolean> {
  input.progress.start(`gate ${gate.name}`);
  const context = {
    loaded: input.loaded,
    env,
    reportsDir: input.reportsDir,
    log: input.progress.info,
    signal: input.signal,
  };
  const { report, crashed: gateCrashed } = await input.phases.time(`gate ${gate.name}`, () => runGate(gate, context));
  reports.set(gate.name, report);
  input.progress.finish(
    `gate ${gate.name}`,
    `${report.status} (${report.checks} checks, ${report.failures} failed, ${seconds(report.durationMs)})`,
  );
  return gateCrashed;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;
