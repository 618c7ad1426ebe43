import { waitUntil } from '@tracegate/trace-assertions';

const TIMED_OUT = Symbol('timed out');

/** Options of pollUntil. */
export interface PollUntilOptions<T> {
  /** Reads the evidence as of now. */
  readonly probe: () => T | Promise<T>;
  /** Whether the evidence is final. */
  readonly done: (value: T) => boolean;
  readonly timeoutMs: number;
  readonly pollMs: number;
  /** The gate's signal: aborting (Ctrl-C) rejects with its reason. */
  readonly signal: AbortSignal;
}

/**
 * Probes every `pollMs` until `done` holds; after `timeoutMs`, resolves with one last probe instead of failing.
 * @example const result = await pollUntil({ probe: check, done: (r) => r.ok, timeoutMs, pollMs: 250, signal });
 */
export async function pollUntil<T>(options: PollUntilOptions<T>): Promise<T> {
  const { probe, done } = options;
  try {
    return await waitUntil<T>({
      pollIntervalMs: options.pollMs,
      check: async () => {
        const value = await probe();
        return done(value) ? { done: true, value } : { done: false };
      },
      timeoutMs: Math.max(0, options.timeoutMs),
      signal: options.signal,
      onTimeout: () => TIMED_OUT,
    });
  } catch (error) {
    if (error === TIMED_OUT) return probe();
    throw error;
  }
}
