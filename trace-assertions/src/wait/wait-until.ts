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

/** One pending wait: its timers, its subscription and the check loop; `finish` releases all of them. */
class PendingWait<T> {
  readonly #options: WaitUntilOptions<T>;
  readonly #settleMs: number;
  readonly #settle: (outcome: { value: T } | { error: unknown }) => void;
  #finished = false;
  #running = false;
  #rerun = false;
  #unsubscribe: (() => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #settleTimer: NodeJS.Timeout | undefined;
  #poll: NodeJS.Timeout | undefined;
  readonly #onAbort = () => this.finish({ error: this.#options.signal?.reason });

  constructor(options: WaitUntilOptions<T>, settle: (outcome: { value: T } | { error: unknown }) => void) {
    this.#options = options;
    this.#settleMs = options.settleMs ?? 0;
    this.#settle = settle;
  }

  start(): void {
    const { signal } = this.#options;
    this.#timer = setTimeout(() => this.finish({ error: this.#options.onTimeout() }), this.#options.timeoutMs);
    if (signal?.aborted) {
      this.#onAbort();
      return;
    }
    signal?.addEventListener('abort', this.#onAbort, { once: true });
    this.#unsubscribe = this.#options.subscribe?.(() => void this.run());
    void this.run();
  }

  finish(outcome: { value: T } | { error: unknown }): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#unsubscribe?.();
    clearTimeout(this.#timer);
    clearTimeout(this.#settleTimer);
    clearTimeout(this.#poll);
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
    this.#settle(outcome);
  }

  /** Runs the check; a change during a running (asynchronous) check runs it once more afterwards. */
  async run(): Promise<void> {
    if (this.#finished) return;
    if (this.#running) {
      this.#rerun = true;
      return;
    }
    this.#running = true;
    clearTimeout(this.#settleTimer);
    const outcome = await this.#verdict();
    this.#running = false;
    if (this.#finished) return;
    if (this.#rerun) {
      this.#rerun = false;
      return this.run();
    }
    if (outcome?.done && (this.#settleMs === 0 || outcome.final)) this.finish({ value: outcome.value });
    else if (outcome?.done) this.#armSettle();
    else this.#schedulePoll();
  }

  async #verdict(): Promise<WaitCheck<T> | undefined> {
    try {
      return await this.#options.check();
    } catch (error) {
      this.finish({ error });
      return undefined;
    }
  }

  #schedulePoll(): void {
    if (this.#options.pollIntervalMs === undefined || this.#finished) return;
    clearTimeout(this.#poll);
    this.#poll = setTimeout(() => void this.run(), this.#options.pollIntervalMs);
  }

  // Passing once is not enough: the check must still pass after settleMs without a change in between.
  #armSettle(): void {
    this.#settleTimer = setTimeout(async () => {
      const again = await this.#verdict();
      if (again?.done) this.finish({ value: again.value });
      else this.#schedulePoll();
    }, this.#settleMs);
  }
}

/**
 * The one wait: subscribe and/or poll, check, settle, time out, abort; every timer and listener is released on exit.
 * @example const line = await waitUntil({ subscribe: (f) => store.onLine(f), check, timeoutMs: 5000, onTimeout });
 */
export function waitUntil<T>(options: WaitUntilOptions<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const pending = new PendingWait<T>(options, (outcome) => {
      if ('value' in outcome) resolve(outcome.value);
      else reject(outcome.error);
    });
    pending.start();
  });
}
