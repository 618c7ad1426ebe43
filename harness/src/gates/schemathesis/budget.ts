import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cacheRoot } from '../../provision/cache.ts';
import type { RunStats } from './run-stats.ts';

/** What one Schemathesis run sent: all its requests, and those of the phases that do not grow with max-examples. */
export interface RunFigure {
  readonly seed: number;
  readonly maxExamples: number;
  readonly requests: number;
  /** Requests of the `examples` and `coverage` phases, whose number does not depend on max-examples. */
  readonly fixed: number;
}

/** The max-examples of a gate's first run, and why. */
export interface FirstRunSize {
  readonly maxExamples: number;
  readonly reason: string;
}

const MARGIN = 1.1;
const MAX_EXAMPLES = 5_000;

/**
 * Sizes the first run from earlier runs of the same seed, so that it meets `minRequests` on its own: the smallest
 * max-examples that last sent 10 % more than it, else the largest earlier run's growing part scaled to that target (at
 * most tenfold). Never below the configured max-examples; without an earlier run of that seed, the configured one.
 * @example
 * const history = [{ seed: 1, maxExamples: 100, requests: 707, fixed: 241 }];
 * firstRunSize({ history, seed: 1, configured: 100, minRequests: 1000 }); // { maxExamples: 185, reason: '…' }
 */
export function firstRunSize(input: {
  history: readonly RunFigure[];
  seed: number;
  configured: number;
  minRequests: number;
}): FirstRunSize {
  const { seed, configured, minRequests } = input;
  const same = input.history.filter((f) => f.seed === seed && f.maxExamples >= configured);
  // The stateful phase sends a different number of requests from run to run: reuse a size only if it met with margin.
  const met = same.filter((f) => f.requests >= minRequests * MARGIN).sort((a, b) => a.maxExamples - b.maxExamples)[0];
  if (met)
    return { maxExamples: met.maxExamples, reason: `seed ${seed} sent ${met.requests} requests at this size before` };
  const largest = [...same].sort((a, b) => b.maxExamples - a.maxExamples)[0];
  if (!largest) return { maxExamples: configured, reason: 'configured' };
  const growing = Math.max(1, largest.requests - largest.fixed);
  const wanted = Math.max(1, minRequests * MARGIN - largest.fixed);
  const scaled = Math.ceil(largest.maxExamples * Math.min(10, wanted / growing));
  return {
    maxExamples: Math.min(MAX_EXAMPLES, Math.max(configured, scaled)),
    reason: `seed ${seed} sent ${largest.requests} requests at max-examples ${largest.maxExamples} before`,
  };
}

/** A run's figure from its stats. */
export function runFigure(input: { seed: number; maxExamples: number; stats: RunStats }): RunFigure {
  let fixed = 0;
  for (const op of Object.values(input.stats.operations))
    fixed += (op.byPhase.examples ?? 0) + (op.byPhase.coverage ?? 0);
  return { seed: input.seed, maxExamples: input.maxExamples, requests: input.stats.requests, fixed };
}

/** The figures of earlier runs for one set of inputs, kept in the harness cache (which CI keeps between runs). */
export interface FigureStore {
  readonly file: string;
  /** A hash of what decides what Schemathesis generates (document, `schemathesis.toml`, settings, service). */
  readonly inputs: string;
}

/** The folder of the run figures: `<cache>/schemathesis/run-figures`, by default under `$TRACEGATE_CACHE` or `~/.cache/tracegate`. */
export function figuresDir(cache: string = cacheRoot()): string {
  return join(cache, 'schemathesis', 'run-figures');
}

/**
 * Where the figures of earlier runs with these inputs are kept: `<dir>/<hash of the inputs>.json`, one file per set
 * of inputs, so runs of another document or config neither read nor overwrite them.
 */
export function figureStore(dir: string, inputs: readonly string[]): FigureStore {
  const hash = createHash('sha256');
  for (const input of inputs) hash.update(input).update('\u0000');
  const key = hash.digest('hex');
  return { file: join(dir, `${key}.json`), inputs: key };
}

/** The figures kept for the store's inputs; none when the file is missing, unreadable or of other inputs. */
export function readFigures(store: FigureStore): RunFigure[] {
  try {
    const parsed = JSON.parse(readFileSync(store.file, 'utf8')) as { inputs?: unknown; runs?: unknown };
    return parsed.inputs === store.inputs && Array.isArray(parsed.runs) ? parsed.runs.filter(isFigure) : [];
  } catch {
    return [];
  }
}

/** Keeps `figures` (oldest first) for the store's inputs: the newest per seed and size, at most 20. */
export function writeFigures(store: FigureStore, figures: readonly RunFigure[]): void {
  const seen = new Set<string>();
  const newestFirst = [...figures].reverse().filter((f) => {
    const id = `${f.seed}:${f.maxExamples}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  const runs = newestFirst.slice(0, 20).reverse();
  mkdirSync(dirname(store.file), { recursive: true });
  const temporary = `${store.file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ inputs: store.inputs, runs }, null, 2)}\n`);
  renameSync(temporary, store.file);
}

function isFigure(value: unknown): value is RunFigure {
  const f = value as Partial<RunFigure> | null;
  return (
    typeof f === 'object' &&
    f !== null &&
    [f.seed, f.maxExamples, f.requests, f.fixed].every((n) => typeof n === 'number' && Number.isFinite(n))
  );
}
