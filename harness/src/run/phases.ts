import type { RunPhase } from '../report/types.ts';

/** Records how long each phase of a run took, relative to the run's start (config load included). */
export interface PhaseRecorder {
  /** Runs `work` as the phase `name` and records its start and duration, also when it throws. */
  time<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** Records a phase measured elsewhere, from a `performance.now()` start. */
  add(name: string, startedAt: number, endedAt?: number): void;
  /** Every phase recorded so far, ordered by start (then by name, so that the order is stable). */
  list(): RunPhase[];
}

/**
 * A phase recorder whose times count from `origin` (a `performance.now()` value; now by default).
 * @example
 * const phases = createPhaseRecorder();
 * const loaded = await phases.time('config load', () => loadConfig(path));
 */
export function createPhaseRecorder(origin: number = performance.now()): PhaseRecorder {
  const phases: RunPhase[] = [];
  const add = (name: string, startedAt: number, endedAt: number = performance.now()): void => {
    phases.push({ name, startMs: Math.round(startedAt - origin), durationMs: Math.round(endedAt - startedAt) });
  };
  return {
    async time(name, work) {
      const startedAt = performance.now();
      try {
        return await work();
      } finally {
        add(name, startedAt);
      }
    },
    add,
    list: () => [...phases].sort((a, b) => a.startMs - b.startMs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}
