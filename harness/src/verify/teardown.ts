import type { PhaseRecorder } from '../run/phases.ts';

/**
 * One thing a run started. `client` steps (services, the recording, log followers) use the `infrastructure` (Kafka,
 * the databases, the trace source), so they stop first.
 */
export interface TeardownStep {
  readonly name: string;
  readonly layer: 'client' | 'infrastructure';
  readonly run: () => Promise<void>;
}

/** What a run must stop; `close()` stops it. */
export interface Teardown {
  add(step: TeardownStep): void;
  /**
   * Stops every client side by side, then every piece of infrastructure side by side; each step is recorded as the
   * phase `teardown <name>`, a failing step is logged and does not keep the others from stopping. Safe to call again.
   */
  close(): Promise<void>;
}

/**
 * A teardown list recording its steps on `phases`.
 * @example
 * const teardown = createTeardown({ phases, log });
 * teardown.add({ name: 'kafka', layer: 'infrastructure', run: () => kafka.stop() });
 * await teardown.close();
 */
export function createTeardown(input: { phases: PhaseRecorder; log: (line: string) => void }): Teardown {
  const steps: TeardownStep[] = [];
  const stopAll = (layer: TeardownStep['layer'], taken: readonly TeardownStep[]) =>
    Promise.all(
      taken
        .filter((step) => step.layer === layer)
        .map((step) =>
          input.phases
            .time(`teardown ${step.name}`, step.run)
            .catch((error: unknown) => input.log(`cleanup ${step.name}: ${String(error)}`)),
        ),
    );
  return {
    add: (step) => void steps.push(step),
    async close() {
      const taken = steps.splice(0);
      await stopAll('client', taken);
      await stopAll('infrastructure', taken);
    },
  };
}
