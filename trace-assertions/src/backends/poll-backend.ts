import { TraceAssertionError } from '../errors.ts';
import { findSpans } from '../query/find-spans.ts';
import { toQuery } from '../query/to-query.ts';
import { createSpanStore } from '../store/span-store.ts';
import { timeoutMessage } from '../store/timeout-message.ts';
import type { QueryInput, Span, Trace } from '../types.ts';
import { type WaitOptions, waitUntil } from '../wait/wait-until.ts';

/** Options of a backend's waitForTrace (backends are polled; the receiver is push-driven). */
export interface BackendWaitOptions extends WaitOptions {
  /** Pause between fetches (default 250 ms). */
  readonly pollIntervalMs?: number;
  readonly until?: readonly QueryInput[];
}

/** A trace store queried over HTTP (Jaeger, Tempo). */
export interface TraceBackend {
  readonly name: string;
  /** The trace, or undefined when the backend does not know it (HTTP 404); throws BACKEND_ERROR otherwise. */
  fetchTrace(traceId: string): Promise<Trace | undefined>;
  /** Polls fetchTrace until every `until` query matches and two fetches agree; throws TRACE_TIMEOUT. */
  waitForTrace(traceId: string, options?: BackendWaitOptions): Promise<Trace>;
}

/** Builds a TraceBackend from a fetch function. */
export function createBackend(
  name: string,
  fetchSpans: (traceId: string) => Promise<Span[] | undefined>,
): TraceBackend {
  const fetchTrace = async (traceId: string): Promise<Trace | undefined> => {
    const spans = await fetchSpans(traceId.toLowerCase());
    return spans === undefined ? undefined : { traceId: traceId.toLowerCase(), spans };
  };
  return {
    name,
    fetchTrace,
    waitForTrace(traceId, options = {}) {
      const timeoutMs = options.timeoutMs ?? 10_000;
      const until = (options.until ?? []).map(toQuery);
      let previousCount = -1;
      let last: Trace | undefined;
      return waitUntil<Trace>({
        pollIntervalMs: options.pollIntervalMs ?? 250,
        async check() {
          last = (await fetchTrace(traceId)) ?? last;
          const complete = last !== undefined && until.every((q) => findSpans(last as Trace, q).length > 0);
          // Two fetches in a row with the same span count: the backend has stopped adding to the trace.
          if (complete && last !== undefined && last.spans.length === previousCount) return { done: true, value: last };
          previousCount = complete ? (last?.spans.length ?? -1) : -1;
          return { done: false };
        },
        timeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
        onTimeout: () => {
          const store = createSpanStore();
          store.add(last?.spans ?? []);
          const id = traceId.toLowerCase();
          const message = `${name}: ${timeoutMessage(store, { traceId: id, test: (t) => t.traceId === id }, until, timeoutMs)}`;
          return new TraceAssertionError('TRACE_TIMEOUT', message, { details: { traceId, until } });
        },
      });
    },
  };
}

/** GETs JSON; undefined on 404, BACKEND_ERROR on any other failure. */
export async function getJson(url: string, headers: Record<string, string> = {}): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json', ...headers } });
  } catch (error) {
    throw new TraceAssertionError('BACKEND_ERROR', `GET ${url} failed: ${String(error)}`, { cause: error });
  }
  if (response.status === 404) {
    await response.body?.cancel();
    return undefined;
  }
  const text = await response.text();
  if (!response.ok)
    throw new TraceAssertionError('BACKEND_ERROR', `GET ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TraceAssertionError('BACKEND_ERROR', `GET ${url} did not answer JSON: ${text.slice(0, 200)}`, {
      cause: error,
    });
  }
}
