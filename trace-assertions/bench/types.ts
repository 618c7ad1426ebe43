/** One figure a benchmark measured. */
export interface BenchFigure {
  readonly metric: string;
  readonly value: string;
}

/** A named benchmark: runs once and returns its figures. */
export interface Bench {
  readonly name: string;
  run(): Promise<readonly BenchFigure[]>;
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
