import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand, tail } from '../provision/run-command.ts';
import { type Mutant, mutatedFiles } from './catalog.ts';
import { scratchCopy } from './scratch.ts';

/** The outcome of one mutant, as `reports/mutants.json` lists it. */
export interface MutantResult {
  readonly id: string;
  readonly description: string;
  /** Caught when verify failed (exit 2) and the gate meant for it is among the failed gates. */
  readonly caught: boolean;
  readonly meantFor: string;
  /** Gates that failed. */
  readonly gates: readonly string[];
  /** The first broken hop a correlation scenario named, if any. */
  readonly firstBrokenHop?: string;
  readonly exitCode: number | null;
  readonly durationMs: number;
  /** Why verify could not run (exit 1), shortened. */
  readonly error?: string;
}

/** `reports/mutants.json`: the catalog's outcome and, when asked, repeated runs of the unmodified system. */
export interface MutantsReport {
  readonly total: number;
  readonly caught: number;
  readonly mutants: readonly MutantResult[];
  readonly flakiness?: { readonly runs: number; readonly passed: number; readonly failedGates: readonly string[][] };
}

/** How to run: the repository, its workspaces, and a verify timeout per run. */
export interface MutantRunOptions {
  readonly root: string;
  readonly workspaces: readonly string[];
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
}

/** Applies one mutant to a scratch copy of the repository and runs `tracegate verify` on its config there. */
export async function runMutant(mutant: Mutant, options: MutantRunOptions): Promise<MutantResult> {
  const files = mutatedFiles(mutant, options.root);
  const dir = scratchCopy(options.root, options.workspaces);
  try {
    for (const [file, text] of files) writeFileSync(join(dir, file), text);
    const run = await verifyIn(dir, { config: mutant.config, gates: mutant.gates }, options);
    const caught = run.exitCode === 2 && run.gates.includes(mutant.gate);
    options.log?.(
      `mutants: ${mutant.id}: ${caught ? 'caught' : 'NOT caught'} (failed: ${run.gates.join(', ') || 'none'})`,
    );
    return { id: mutant.id, description: mutant.description, caught, meantFor: mutant.gate, ...run };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs verify on an unmodified scratch copy `runs` times; a flaky system fails some of them. */
export async function runFlakiness(
  input: { config: string; gates?: readonly string[]; runs: number },
  options: MutantRunOptions,
): Promise<NonNullable<MutantsReport['flakiness']>> {
  const dir = scratchCopy(options.root, options.workspaces);
  const failedGates: string[][] = [];
  let passed = 0;
  try {
    for (let i = 0; i < input.runs; i += 1) {
      const run = await verifyIn(dir, input, options);
      if (run.exitCode === 0) passed += 1;
      else failedGates.push([...run.gates]);
      options.log?.(`mutants: unmodified run ${i + 1}/${input.runs}: exit ${run.exitCode}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { runs: input.runs, passed, failedGates };
}

/** Runs every mutant in turn and sums them up. */
export async function runMutants(mutants: readonly Mutant[], options: MutantRunOptions): Promise<MutantsReport> {
  const results: MutantResult[] = [];
  for (const mutant of mutants) results.push(await runMutant(mutant, options));
  return { total: results.length, caught: results.filter((r) => r.caught).length, mutants: results };
}

async function verifyIn(
  dir: string,
  input: { config: string; gates?: readonly string[] | undefined },
  options: MutantRunOptions,
): Promise<Omit<MutantResult, 'id' | 'description' | 'caught' | 'meantFor'>> {
  const started = Date.now();
  const reports = join(dir, 'reports', 'mutant');
  const args = [join(dir, 'harness/bin/tracegate.mjs'), 'verify', '--config', join(dir, input.config)];
  args.push('--reports', reports, '--plain', ...(input.gates ? ['--gates', input.gates.join(',')] : []));
  const result = await runCommand(process.execPath, args, { cwd: dir, timeoutMs: options.timeoutMs ?? 15 * 60_000 });
  const report = readReport(join(reports, 'verify.json'));
  return {
    gates: report.gates.filter((g) => g.status === 'failed').map((g) => g.name),
    ...(report.firstBrokenHop ? { firstBrokenHop: report.firstBrokenHop } : {}),
    exitCode: result?.code ?? null,
    durationMs: Date.now() - started,
    ...(result?.code === 1 || result?.code === null
      ? { error: tail(`${result?.stdout ?? ''}\n${result?.stderr ?? 'node not found'}`, 8) }
      : {}),
  };
}

function readReport(file: string): { gates: { name: string; status: string }[]; firstBrokenHop?: string } {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8')) as {
      gates: { name: string; status: string; details?: { scenarios?: { firstBrokenHop?: unknown }[] } }[];
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
