import { existsSync, readFileSync } from 'node:fs';

/** What one Schemathesis run did, read from its NDJSON event stream. */
export interface RunStats {
  /** Every test phase with how it ended (`success`, `failure`, `skip`…) and why it was skipped. */
  readonly phases: readonly { readonly name: string; readonly status: string; readonly skipReason?: string }[];
  /** The checks that ran on at least one response. */
  readonly checks: readonly string[];
  /** Requests per operation (`GET /orders`), in total and per phase. */
  readonly operations: Readonly<Record<string, { requests: number; byPhase: Record<string, number> }>>;
  readonly requests: number;
}

const TEST_PHASES = new Set(['examples', 'coverage', 'fuzzing', 'stateful']);

interface Recorder {
  readonly label?: string;
  readonly interactions?: Record<string, unknown>;
  readonly cases?: Record<string, { value?: { method?: string; path?: string } }>;
  readonly checks?: Record<string, { name?: string }[]>;
}

/** Reads phases, checks and requests per operation from a Schemathesis NDJSON file (empty when it is missing). */
export function readRunStats(ndjsonPath: string): RunStats {
  const stats = {
    phases: [] as RunStats['phases'][number][],
    checks: new Set<string>(),
    operations: {} as Record<string, { requests: number; byPhase: Record<string, number> }>,
    requests: 0,
  };
  if (!existsSync(ndjsonPath)) return { ...stats, checks: [] };
  for (const line of readFileSync(ndjsonPath, 'utf8').split('\n')) {
    if (line.startsWith('{"PhaseFinished"')) {
      const { phase, status } = JSON.parse(line).PhaseFinished as {
        phase: { name: string; skip_reason?: string };
        status: string;
      };
      if (TEST_PHASES.has(phase.name))
        stats.phases.push({
          name: phase.name,
          status,
          ...(phase.skip_reason ? { skipReason: phase.skip_reason } : {}),
        });
    } else if (line.startsWith('{"ScenarioFinished"')) {
      const event = JSON.parse(line).ScenarioFinished as { phase: string; recorder?: Recorder };
      count(stats, event.phase, event.recorder ?? {});
    }
  }
  return { ...stats, checks: [...stats.checks].sort() };
}

function count(
  stats: {
    checks: Set<string>;
    operations: Record<string, { requests: number; byPhase: Record<string, number> }>;
    requests: number;
  },
  phase: string,
  recorder: Recorder,
): void {
  for (const results of Object.values(recorder.checks ?? {}))
    for (const c of results) if (c.name) stats.checks.add(c.name);
  for (const id of Object.keys(recorder.interactions ?? {})) {
    // A stateful scenario chains several operations; its own label names the chain, each case its operation.
    const value = recorder.cases?.[id]?.value;
    const operation =
      phase === 'stateful' && value?.method && value.path
        ? `${value.method} ${value.path}`
        : (recorder.label ?? 'unknown');
    const entry = operationEntry(stats.operations, operation);
    entry.requests += 1;
    entry.byPhase[phase] = (entry.byPhase[phase] ?? 0) + 1;
    stats.requests += 1;
  }
}

/** Sums the stats of several runs (the gate reruns while too few requests were sent). */
export function mergeRunStats(runs: readonly RunStats[]): RunStats {
  const operations: Record<string, { requests: number; byPhase: Record<string, number> }> = {};
  for (const run of runs) {
    for (const [name, op] of Object.entries(run.operations)) {
      const entry = operationEntry(operations, name);
      entry.requests += op.requests;
      for (const [phase, n] of Object.entries(op.byPhase)) entry.byPhase[phase] = (entry.byPhase[phase] ?? 0) + n;
    }
  }
  const phases = new Map<string, RunStats['phases'][number]>();
  for (const run of runs)
    for (const p of run.phases) if (!phases.has(p.name) || p.status !== 'skip') phases.set(p.name, p);
  return {
    phases: [...phases.values()],
    checks: [...new Set(runs.flatMap((r) => r.checks))].sort(),
    operations,
    requests: runs.reduce((n, r) => n + r.requests, 0),
  };
}

function operationEntry(
  operations: Record<string, { requests: number; byPhase: Record<string, number> }>,
  name: string,
): { requests: number; byPhase: Record<string, number> } {
  const entry = operations[name] ?? { requests: 0, byPhase: {} };
  operations[name] = entry;
  return entry;
}
