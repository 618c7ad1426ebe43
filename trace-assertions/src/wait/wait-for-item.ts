import { waitUntil } from './wait-until.ts';

/** Options of waitForItem. */
export interface WaitForItemOptions<T> {
  /** The items recorded so far; the wait reads each of them once, in order. */
  readonly items: readonly T[];
  /** Subscribes to new items; returns the unsubscribe. */
  readonly onArrival: (listener: () => void) => () => void;
  readonly matches: (item: T) => boolean;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  readonly onTimeout: () => unknown;
}

/**
 * Resolves with the first item, already recorded or arriving, that matches (the wait of a log store and a Kafka tap).
 * @example const line = await waitForItem({ items: captured, onArrival: (f) => arrivals.on(f), matches, timeoutMs, onTimeout });
 */
export function waitForItem<T>(options: WaitForItemOptions<T>): Promise<T> {
  const { items, matches } = options;
  let seen = 0;
  return waitUntil<T>({
    subscribe: options.onArrival,
    check: () => {
      // Each check reads only what arrived since the last one.
      for (; seen < items.length; seen++) {
        const item = items[seen] as T;
        if (matches(item)) return { done: true, value: item };
      }
      return { done: false };
    },
    timeoutMs: options.timeoutMs,
    ...(options.signal ? { signal: options.signal } : {}),
    onTimeout: options.onTimeout,
  });
}
