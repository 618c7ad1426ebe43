import { TraceAssertionError } from '../errors.ts';
import { findSpans } from '../query/find-spans.ts';
import { toQuery } from '../query/to-query.ts';
import type { QueryInput, Span, SpanQuery, Trace } from '../types.ts';
import { scannedTrace } from './scanned-spans.ts';
import type { SpanStore } from './span-store.ts';
import { timeoutMessage } from './timeout-message.ts';

/** Which trace to wait for: a 32-hex trace id, a query/selector one of its spans matches, or a span predicate. */
export type TraceTarget = string | QueryInput | ((span: Span) => boolean);

/** Options of waitForTrace. */
export interface WaitForTraceOptions {
  /** Give up after this long (default 10 000 ms). */
  readonly timeoutMs?: number;
  /** Resolve only once nothing new arrived for the trace for this long (default 250 ms). */
  readonly settleMs?: number;
  /** Queries that must each match at least one span of the trace. */
  readonly until?: readonly QueryInput[];
  readonly signal?: AbortSignal;
}

const TRACE_ID = /^[0-9a-fA-F]{32}$/;

/** Resolves a TraceTarget to a test over traces, plus a query for messages when there is one. */
function targetTest(target: TraceTarget): { traceId?: string; query?: SpanQuery; test: (trace: Trace) => boolean } {
  if (typeof target === 'string' && TRACE_ID.test(target)) {
    const traceId = target.toLowerCase();
    return { traceId, test: (trace) => trace.traceId === traceId };
  }
  if (typeof target === 'function') return { test: (trace) => trace.spans.some(target) };
  const query = toQuery(target);
  return { query, test: (trace) => findSpans(trace, query).length > 0 };
}

/** Decides when a wait resolves: the first complete trace, once it stayed complete for settleMs without new spans. */
interface Settler {
  /** Looks at traces that just received spans (or, at the start, every candidate trace). */
  consider(traceIds: Iterable<string>): void;
  cancel(): void;
}

function settler(
  store: SpanStore,
  wait: { readonly only: string | undefined; readonly complete: (trace: Trace) => boolean; readonly settleMs: number },
  done: (trace: Trace) => void,
): Settler {
  let settle: NodeJS.Timeout | undefined;
  let pending: string | undefined;
  const arm = (traceId: string) => {
    pending = traceId;
    clearTimeout(settle);
    settle = setTimeout(() => {
      const trace = store.trace(traceId);
      if (trace !== undefined && wait.complete(trace)) done(trace);
      else pending = undefined;
    }, wait.settleMs);
  };
  return {
    consider(traceIds) {
      for (const traceId of traceIds) {
        if (wait.only !== undefined && traceId !== wait.only) continue;
        if (pending !== undefined && pending !== traceId) continue;
        // Tested without keeping its spans: only the trace the wait resolves with is read for good.
        const trace = scannedTrace(store, traceId);
        if (trace !== undefined && wait.complete(trace)) return arm(traceId);
        if (pending === traceId) arm(traceId);
      }
    },
    cancel: () => clearTimeout(settle),
  };
}

/**
 * Waits until a trace matching `target` has spans matching every `until` query and then settled; push-driven.
 * @example const trace = await waitForTrace(store, traceId, { until: ['span[kind="consumer"]'], timeoutMs: 5000 });
 */
export function waitForTrace(store: SpanStore, target: TraceTarget, options: WaitForTraceOptions = {}): Promise<Trace> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const until = (options.until ?? []).map(toQuery);
  const resolved = targetTest(target);
  const complete = (trace: Trace) => resolved.test(trace) && until.every((q) => findSpans(trace, q).length > 0);
  const { signal } = options;

  return new Promise<Trace>((resolve, reject) => {
    const finish = (outcome: () => void) => {
      unsubscribe();
      clearTimeout(timer);
      settling.cancel();
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = () => finish(() => reject(signal?.reason));
    const wait = { only: resolved.traceId, complete, settleMs: options.settleMs ?? 250 };
    const settling = settler(store, wait, (trace) => finish(() => resolve(trace)));
    const unsubscribe = store.onSpans((spans) => settling.consider(new Set(spans.map((span) => span.traceId))));
    const timer = setTimeout(() => finish(() => reject(timeoutError(store, resolved, until, timeoutMs))), timeoutMs);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    settling.consider(resolved.traceId !== undefined ? [resolved.traceId] : store.traceIds());
  });
}

function timeoutError(
  store: SpanStore,
  resolved: ReturnType<typeof targetTest>,
  until: readonly SpanQuery[],
  timeoutMs: number,
): TraceAssertionError {
  const details = { target: resolved.traceId ?? resolved.query ?? 'predicate', until, timeoutMs };
  return new TraceAssertionError('TRACE_TIMEOUT', timeoutMessage(store, resolved, until, timeoutMs), { details });
}
