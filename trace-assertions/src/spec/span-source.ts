import type { TraceBackend } from '../backends/poll-backend.ts';
import { createSpanStore, type SpanStore } from '../store/span-store.ts';
import { waitUntil } from '../wait/wait-until.ts';

/** Where a spec's spans are read: a store the receiver pushes into, or a local store a backend poller fills. */
export interface TraceSpanSource {
  readonly store: SpanStore;
  /** Stops polling; resolves once the last fetch ended, rejecting with the backend's error if a fetch failed. */
  stop(): Promise<void>;
}

/** Options of backendSpanSource. */
export interface BackendSpanSourceOptions {
  readonly traceId: string;
  /** Pause between fetches (default 500 ms). */
  readonly pollIntervalMs?: number;
  readonly signal?: AbortSignal;
}

/** A span source over a store that is already fed (the receiver's). */
export function storeSpanSource(store: SpanStore): TraceSpanSource {
  return { store, stop: async () => {} };
}

/**
 * Polls a backend for one trace and adds each span not seen before to a local store, so every push-driven wait
 * (waitForTrace, waitForCorrelationChain) works against a backend unchanged.
 * @example const source = backendSpanSource(jaegerBackend({ baseUrl }), { traceId });
 */
export function backendSpanSource(backend: TraceBackend, options: BackendSpanSourceOptions): TraceSpanSource {
  const store = createSpanStore();
  const seen = new Set<string>();
  const stopped = new AbortController();
  const signal = options.signal ? AbortSignal.any([stopped.signal, options.signal]) : stopped.signal;
  const polling = waitUntil<never>({
    pollIntervalMs: options.pollIntervalMs ?? 500,
    check: async () => {
      const fresh = ((await backend.fetchTrace(options.traceId))?.spans ?? []).filter((s) => !seen.has(s.spanId));
      for (const span of fresh) seen.add(span.spanId);
      store.add(fresh);
      return { done: false };
    },
    timeoutMs: 2_147_483_647,
    signal,
    onTimeout: () => undefined,
  }).catch((error: unknown) => (stopped.signal.aborted || options.signal?.aborted ? undefined : error));
  return {
    store,
    async stop() {
      stopped.abort();
      const failure = await polling;
      if (failure !== undefined) throw failure;
    },
  };
}
