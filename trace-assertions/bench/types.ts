/** One measured result beside its anchor (the same work done by a reference implementation, in the same run). */
export interface BenchResult {
  readonly name: string;
  readonly unit: string;
  readonly project: number;
  /** The anchor's figure in the same unit, or null when the result has no anchor. */
  readonly anchor: number | null;
  /** How many times better the project is than the anchor (>1: better), or null without an anchor. */
  readonly ratio: number | null;
  /** The goal, as written in the issue (e.g. "≥ 1.5× anchor", "≤ 400 B"), or null when none is set. */
  readonly goal: string | null;
  readonly met: boolean | null;
}

/** A named benchmark: runs once and returns its results. */
export interface Bench {
  readonly name: string;
  run(): Promise<readonly BenchResult[]>;
}

/** The p-th percentile (0–100) of `values`, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Milliseconds since the epoch with sub-millisecond precision, comparable across worker threads. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}
