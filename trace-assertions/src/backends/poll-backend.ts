import { TraceAssertionError } from '../errors.ts';
import { findSpans } from '../query/find-spans.ts';
import { toQuery } from '../query/to-query.ts';
import { createSpanStore } from '../store/span-store.ts';
import { timeoutMessage } from '../store/timeout-message.ts';
import type { QueryInput, Span, Trace } from '../types.ts';

/** Options of a backend's waitForTrace (backends are polled; the receiver is push-driven). */
export interface BackendWaitOptions {
  readonly timeoutMs?: number;
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
    async waitForTrace(traceId, options = {}) {
      const timeoutMs = options.timeoutMs ?? 10_000;
      const until = (options.until ?? []).map(toQuery);
      const deadline = Date.now() + timeoutMs;
      let previousCount = -1;
      let last: Trace | undefined;
      for (;;) {
        last = (await fetchTrace(traceId)) ?? last;
        const complete = last !== undefined && until.every((q) => findSpans(last as Trace, q).length > 0);
        if (complete && last !== undefined && last.spans.length === previousCount) return last;
        previousCount = complete ? (last?.spans.length ?? -1) : -1;
        if (Date.now() >= deadline) break;
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(options.pollIntervalMs ?? 250, Math.max(0, deadline - Date.now()))),
        );
      }
      const store = createSpanStore();
      store.add(last?.spans ?? []);
      const id = traceId.toLowerCase();
      const message = `${name}: ${timeoutMessage(store, { traceId: id, test: (t) => t.traceId === id }, until, timeoutMs)}`;
      throw new TraceAssertionError('TRACE_TIMEOUT', message, { details: { traceId, until } });
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
