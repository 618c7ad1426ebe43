import { TraceAssertionError } from '../errors.ts';
import { findSpans } from '../query/find-spans.ts';
import { toQuery } from '../query/to-query.ts';
import type { QueryInput, Span, SpanQuery, Trace } from '../types.ts';
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

/**
 * Waits until a trace matching `target` has spans matching every `until` query and then settled; push-driven.
 * @example const trace = await waitForTrace(store, traceId, { until: ['span[kind="consumer"]'], timeoutMs: 5000 });
 */
export function waitForTrace(store: SpanStore, target: TraceTarget, options: WaitForTraceOptions = {}): Promise<Trace> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const settleMs = options.settleMs ?? 250;
  const until = (options.until ?? []).map(toQuery);
  const resolved = targetTest(target);
  const complete = (trace: Trace) => resolved.test(trace) && until.every((q) => findSpans(trace, q).length > 0);

  return new Promise<Trace>((resolve, reject) => {
    let settle: NodeJS.Timeout | undefined;
    let pending: string | undefined;
    const cleanup = () => {
      unsubscribe();
      clearTimeout(timer);
      clearTimeout(settle);
      options.signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      cleanup();
      reject(options.signal?.reason);
    };
    const armSettle = (traceId: string) => {
      pending = traceId;
      clearTimeout(settle);
      settle = setTimeout(() => {
        const trace = store.trace(traceId);
        if (trace !== undefined && complete(trace)) {
          cleanup();
          resolve(trace);
        } else pending = undefined;
      }, settleMs);
    };
    const consider = (traceIds: Iterable<string>) => {
      for (const traceId of traceIds) {
        if (resolved.traceId !== undefined && traceId !== resolved.traceId) continue;
        if (pending !== undefined && pending !== traceId) continue;
        const trace = store.trace(traceId);
        if (trace !== undefined && complete(trace)) return armSettle(traceId);
        if (pending === traceId) armSettle(traceId);
      }
    };
    const unsubscribe = store.onSpans((spans) => consider(new Set(spans.map((span) => span.traceId))));
    const timer = setTimeout(() => {
      cleanup();
      const details = { target: resolved.traceId ?? resolved.query ?? 'predicate', until, timeoutMs };
      reject(new TraceAssertionError('TRACE_TIMEOUT', timeoutMessage(store, resolved, until, timeoutMs), { details }));
    }, timeoutMs);
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    consider(resolved.traceId !== undefined ? [resolved.traceId] : store.traceIds());
  });
}
