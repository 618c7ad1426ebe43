/** Options every wait accepts: how long, and a signal that cancels it. */
export interface WaitOptions {
  /** Give up after this long (default 10 000 ms). */
  readonly timeoutMs?: number;
  /** Aborting rejects the wait with the signal's reason and releases its timers and listeners. */
  readonly signal?: AbortSignal;
}

/** A check's verdict: done with a value (`final`: resolve at once, without settling), or not yet. */
export type WaitCheck<T> =
  | { readonly done: true; readonly value: T; readonly final?: boolean }
  | { readonly done: false };

/** Options of waitUntil. */
export interface WaitUntilOptions<T> {
  /** Re-checks whenever the watched evidence may have changed (push-driven sources); returns the unsubscribe. */
  readonly subscribe?: (onChange: () => void) => () => void;
  /** Re-checks this long after each check ends (polled sources, e.g. a trace backend). */
  readonly pollIntervalMs?: number;
  readonly check: () => WaitCheck<T> | Promise<WaitCheck<T>>;
  readonly timeoutMs: number;
  /** Resolves only once a passing check still passes after this much quiet (default 0: at once). */
  readonly settleMs?: number;
  /** Aborting rejects with the signal's reason and releases every timer and subscription. */
  readonly signal?: AbortSignal;
  /** The error a timeout rejects with. */
  readonly onTimeout: () => unknown;
}

/**
 * The one wait: subscribe and/or poll, check, settle, time out, abort; every timer and listener is released on exit.
 * @example const line = await waitUntil({ subscribe: (f) => store.onLine(f), check, timeoutMs: 5000, onTimeout });
 */
export function waitUntil<T>(options: WaitUntilOptions<T>): Promise<T> {
  const settleMs = options.settleMs ?? 0;
  return new Promise<T>((resolve, reject) => {
    let finished = false;
    let running = false;
    let rerun = false;
    let unsubscribe: (() => void) | undefined;
    let settle: NodeJS.Timeout | undefined;
    let poll: NodeJS.Timeout | undefined;
    const finish = (outcome: { value: T } | { error: unknown }) => {
      if (finished) return;
      finished = true;
      unsubscribe?.();
      clearTimeout(timer);
      clearTimeout(settle);
      clearTimeout(poll);
      options.signal?.removeEventListener('abort', onAbort);
      if ('value' in outcome) resolve(outcome.value);
      else reject(outcome.error);
    };
    const onAbort = () => finish({ error: options.signal?.reason });
    const verdict = async (): Promise<WaitCheck<T> | undefined> => {
      try {
        return await options.check();
      } catch (error) {
        finish({ error });
        return undefined;
      }
    };
    const schedulePoll = () => {
      if (options.pollIntervalMs === undefined || finished) return;
      clearTimeout(poll);
      poll = setTimeout(() => void run(), options.pollIntervalMs);
    };
    // Passing once is not enough: the check must still pass after settleMs without a change in between.
    const armSettle = () => {
      settle = setTimeout(async () => {
        const again = await verdict();
        if (again?.done) finish({ value: again.value });
        else schedulePoll();
      }, settleMs);
    };
    const run = async (): Promise<void> => {
      if (finished) return;
      if (running) {
        rerun = true;
        return;
      }
      running = true;
      clearTimeout(settle);
      const outcome = await verdict();
      running = false;
      if (finished) return;
      if (rerun) {
        rerun = false;
        return run();
      }
      if (outcome?.done && (settleMs === 0 || outcome.final)) return finish({ value: outcome.value });
      if (outcome?.done) return armSettle();
      schedulePoll();
    };
    const timer = setTimeout(() => finish({ error: options.onTimeout() }), options.timeoutMs);
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    unsubscribe = options.subscribe?.(() => void run());
    void run();
  });
}
