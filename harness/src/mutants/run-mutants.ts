import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand, tail } from '../provision/run-command.ts';
import { type Mutant, mutatedFiles } from './catalog.ts';
import { type BaselineRun, baselineKey, type FlakinessReport, keepFailedRun, type MutantResult } from './report.ts';
import { scratchCopy } from './scratch.ts';

export type { MutantResult, MutantsReport } from './report.ts';

/** How to run: the repository, its workspaces, and a verify timeout per run. */
export interface MutantRunOptions {
  readonly root: string;
  readonly workspaces: readonly string[];
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
}

/** What one verify run should check: a config relative to the repository root and the gates (all when absent). */
export interface VerifyTarget {
  readonly config: string;
  readonly gates?: readonly string[] | undefined;
}

type VerifyRun = Omit<MutantResult, 'id' | 'description' | 'caught' | 'meantFor' | 'config' | 'gateSelection'>;

/** Applies one mutant to a scratch copy of the repository and runs `tracegate verify` on its config there. */
export async function runMutant(mutant: Mutant, options: MutantRunOptions): Promise<MutantResult> {
  const files = mutatedFiles(mutant, options.root);
  const dir = scratchCopy(options.root, options.workspaces);
  try {
    for (const [file, text] of files) writeFileSync(join(dir, file), text);
    const run = await verifyIn(dir, { config: mutant.config, gates: mutant.gates }, options);
    const caught = run.exitCode === 2 && run.gates.includes(mutant.gate);
    options.log?.(
      `mutants: ${mutant.id}: ${caught ? 'caught' : 'NOT caught'} (failed: ${run.gates.join(', ') || 'none'}; ${seconds(run.durationMs)})`,
    );
    const selection = mutant.gates ? { gateSelection: mutant.gates } : {};
    return {
      id: mutant.id,
      description: mutant.description,
      caught,
      meantFor: mutant.gate,
      config: mutant.config,
      ...selection,
      ...run,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs every mutant in turn; `onResult` sees each result as it comes (to save what was measured). */
export async function runMutants(
  mutants: readonly Mutant[],
  options: MutantRunOptions & { onResult?: (result: MutantResult) => void },
): Promise<MutantResult[]> {
  const results: MutantResult[] = [];
  for (const mutant of mutants) {
    const result = await runMutant(mutant, options);
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}

/** One green verify of the unmodified tree per distinct config and gate selection of `mutants`. */
export async function runBaselines(
  mutants: readonly Mutant[],
  options: MutantRunOptions & { onResult?: (run: BaselineRun) => void },
): Promise<BaselineRun[]> {
  const targets = new Map<string, VerifyTarget>();
  for (const m of mutants)
    targets.set(baselineKey({ config: m.config, gateSelection: m.gates }), { config: m.config, gates: m.gates });
  const dir = scratchCopy(options.root, options.workspaces);
  const runs: BaselineRun[] = [];
  try {
    for (const target of targets.values()) {
      const run = await verifyIn(dir, target, options);
      const baseline = {
        config: target.config,
        ...(target.gates ? { gateSelection: target.gates } : {}),
        exitCode: run.exitCode,
        gates: run.gates,
        gateMs: run.gateMs,
        durationMs: run.durationMs,
      };
      options.log?.(`mutants: baseline ${baselineKey(baseline)}: exit ${run.exitCode} (${seconds(run.durationMs)})`);
      runs.push(baseline);
      options.onResult?.(baseline);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return runs;
}

/**
 * Runs verify on an unmodified scratch copy `runs` times; a flaky system fails some of them. A failed run's reports
 * (verify.json, the verify log) are copied to `keepDir/flaky-<n>/`; `onProgress` sees the tally after each run.
 */
export async function runFlakiness(
  input: VerifyTarget & { runs: number; keepDir?: string },
  options: MutantRunOptions & { onProgress?: (flakiness: FlakinessReport) => void },
): Promise<FlakinessReport> {
  const dir = scratchCopy(options.root, options.workspaces);
  let tally: FlakinessReport = {
    config: input.config,
    runs: input.runs,
    done: 0,
    passed: 0,
    failedGates: [],
    durationsMs: [],
    kept: [],
  };
  try {
    for (let i = 1; i <= input.runs; i += 1) {
      const run = await verifyIn(dir, input, options);
      const kept =
        run.exitCode === 0 || !input.keepDir
          ? undefined
          : keepFailedRun({ reports: reportsOf(dir), keepDir: input.keepDir, run: i });
      tally = nextTally(tally, run, kept);
      options.log?.(
        `mutants: unmodified run ${i}/${input.runs}: exit ${run.exitCode} (${seconds(run.durationMs)})${kept ? ` → ${kept}` : ''}`,
      );
      options.onProgress?.(tally);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return tally;
}

function nextTally(tally: FlakinessReport, run: VerifyRun, kept: string | undefined): FlakinessReport {
  const passed = run.exitCode === 0;
  return {
    ...tally,
    done: tally.done + 1,
    passed: tally.passed + (passed ? 1 : 0),
    failedGates: passed ? tally.failedGates : [...tally.failedGates, [...run.gates]],
    durationsMs: [...tally.durationsMs, run.durationMs],
    kept: kept ? [...tally.kept, kept] : tally.kept,
  };
}

function reportsOf(dir: string): string {
  return join(dir, 'reports', 'mutant');
}

async function verifyIn(dir: string, input: VerifyTarget, options: MutantRunOptions): Promise<VerifyRun> {
  const started = Date.now();
  const reports = reportsOf(dir);
  rmSync(reports, { recursive: true, force: true });
  const args = [join(dir, 'harness/bin/tracegate.mjs'), 'verify', '--config', join(dir, input.config)];
  args.push('--reports', reports, '--plain', ...(input.gates ? ['--gates', input.gates.join(',')] : []));
  const result = await runCommand(process.execPath, args, { cwd: dir, timeoutMs: options.timeoutMs ?? 15 * 60_000 });
  const durationMs = Date.now() - started;
  mkdirSync(reports, { recursive: true });
  writeFileSync(join(reports, 'verify.log'), `${result?.stdout ?? ''}\n--- stderr ---\n${result?.stderr ?? ''}`);
  const report = readReport(join(reports, 'verify.json'));
  return {
    gates: report.gates.filter((g) => g.status === 'failed').map((g) => g.name),
    gateMs: Object.fromEntries(report.gates.map((g) => [g.name, g.durationMs ?? 0])),
    ...(report.firstBrokenHop ? { firstBrokenHop: report.firstBrokenHop } : {}),
    exitCode: result?.code ?? null,
    durationMs,
    ...(result?.code === 1 || result?.code === null
      ? { error: tail(`${result?.stdout ?? ''}\n${result?.stderr ?? 'node not found'}`, 8) }
      : {}),
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function readReport(file: string): {
  gates: { name: string; status: string; durationMs?: number }[];
  firstBrokenHop?: string;
} {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8')) as {
      gates: {
        name: string;
        status: string;
        durationMs?: number;
        details?: { scenarios?: { firstBrokenHop?: unknown }[] };
      }[];
    };
    const hop = report.gates
      .flatMap((g) => g.details?.scenarios ?? [])
      .map((s) => s.firstBrokenHop)
      .find((h) => h !== undefined && h !== null);
    return { gates: report.gates, ...(hop === undefined ? {} : { firstBrokenHop: describeHop(hop) }) };
  } catch {
    return { gates: [] };
  }
}

function describeHop(hop: unknown): string {
  if (typeof hop === 'string') return hop;
  const fields = hop as { kind?: string; service?: string; topic?: string; name?: string; index?: number };
  return [fields.kind, fields.service, fields.topic, fields.name].filter(Boolean).join(' ') || JSON.stringify(hop);
}
