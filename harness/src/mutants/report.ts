import { cpSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The outcome of one mutant, as `reports/mutants.json` lists it. */
export interface MutantResult {
  readonly id: string;
  readonly description: string;
  /** Caught when verify failed (exit 2) and the gate meant for it is among the failed gates. */
  readonly caught: boolean;
  readonly meantFor: string;
  /** Tracegate config verified, and the gates run (all when absent): the key of its green baseline. */
  readonly config: string;
  readonly gateSelection?: readonly string[];
  /** Gates that failed. */
  readonly gates: readonly string[];
  /** The first broken hop a correlation scenario named, if any. */
  readonly firstBrokenHop?: string;
  readonly exitCode: number | null;
  /** Wall time of the (red) verify run, and of each gate in it. */
  readonly durationMs: number;
  readonly gateMs: Readonly<Record<string, number>>;
  /** Why verify could not run (exit 1), shortened. */
  readonly error?: string;
}

/** One verify run of the unmodified tree on a config and gate selection. */
export interface BaselineRun {
  readonly config: string;
  readonly gateSelection?: readonly string[];
  readonly exitCode: number | null;
  readonly gates: readonly string[];
  readonly gateMs: Readonly<Record<string, number>>;
  readonly durationMs: number;
}

/** A mutant's red verify time against the green one of the same config and gates. */
export interface MutantTiming {
  readonly id: string;
  readonly redMs: number;
  readonly greenMs: number;
  readonly ratio: number;
}

/** Repeated verify runs of the unmodified tree; a failed run's reports are kept under `kept`. */
export interface FlakinessReport {
  readonly config: string;
  readonly runs: number;
  readonly done: number;
  readonly passed: number;
  readonly failedGates: readonly string[][];
  readonly durationsMs: readonly number[];
  readonly kept: readonly string[];
}

/** `reports/mutants.json`: the catalog's outcome, green baselines, red/green times and, when asked, flakiness. */
export interface MutantsReport {
  readonly total: number;
  readonly caught: number;
  readonly mutants: readonly MutantResult[];
  readonly baselines: readonly BaselineRun[];
  readonly timing: { readonly mutants: readonly MutantTiming[]; readonly maxRatio?: number };
  readonly flakiness?: FlakinessReport;
}

/** The key a mutant and its green baseline share. */
export function baselineKey(run: { config: string; gateSelection?: readonly string[] | undefined }): string {
  return `${run.config} [${run.gateSelection?.join(',') ?? 'all'}]`;
}

/** Red verify time per mutant over the green baseline of its config and gates (mutants without one are left out). */
export function timingOf(mutants: readonly MutantResult[], baselines: readonly BaselineRun[]): MutantsReport['timing'] {
  const green = new Map(baselines.filter((b) => b.exitCode === 0).map((b) => [baselineKey(b), b.durationMs]));
  const timed = mutants.flatMap((m) => {
    const greenMs = green.get(baselineKey(m));
    if (greenMs === undefined || greenMs <= 0) return [];
    return [{ id: m.id, redMs: m.durationMs, greenMs, ratio: Math.round((m.durationMs / greenMs) * 100) / 100 }];
  });
  const ratios = timed.map((t) => t.ratio);
  return { mutants: timed, ...(ratios.length > 0 ? { maxRatio: Math.max(...ratios) } : {}) };
}

/** Sums up what was measured so far. */
export function summarize(parts: {
  mutants: readonly MutantResult[];
  baselines: readonly BaselineRun[];
  flakiness?: FlakinessReport | undefined;
}): MutantsReport {
  return {
    total: parts.mutants.length,
    caught: parts.mutants.filter((m) => m.caught).length,
    mutants: parts.mutants,
    baselines: parts.baselines,
    timing: timingOf(parts.mutants, parts.baselines),
    ...(parts.flakiness ? { flakiness: parts.flakiness } : {}),
  };
}

/** Writes the report atomically (temp file, then rename), so a crash mid-write leaves the previous one. */
export function writeReport(file: string, report: MutantsReport): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.tmp`;
  writeFileSync(temp, `${JSON.stringify(report, null, 2)}\n`);
  renameSync(temp, file);
}

/** Copies a failed run's reports directory (verify.json, logs) to `keepDir/flaky-<n>/`; returns where, if any. */
export function keepFailedRun(input: { reports: string; keepDir: string; run: number }): string | undefined {
  if (!existsSync(input.reports)) return undefined;
  const target = join(input.keepDir, `flaky-${input.run}`);
  mkdirSync(input.keepDir, { recursive: true });
  cpSync(input.reports, target, { recursive: true });
  return target;
}
