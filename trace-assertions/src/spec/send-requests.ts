import { randomBytes } from 'node:crypto';
import { sendRequest } from './trigger.ts';
import type { RequestResult, TraceSpecDocument } from './types.ts';

/** What every request of one spec run is sent with. */
export interface RequestsContext {
  readonly baseUrl: string | ((service: string | undefined) => string);
  readonly traceId: string;
  readonly correlationId: string;
  readonly correlationHeader?: string;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  /** Told of each answered request (0: the trigger) before the next one goes out. */
  readonly onAnswered?: (index: number, result: RequestResult) => void;
}

/** Sends the trigger, then each follow-up with the previous response's body at hand; stops at the first failure. */
export async function sendRequests(spec: TraceSpecDocument, context: RequestsContext): Promise<RequestResult[]> {
  const results: RequestResult[] = [];
  // One remote parent for the whole run: every request joins the same trace, known before any span arrives.
  const parentSpanId = randomBytes(8).toString('hex');
  let previous: unknown;
  for (const http of [spec.trigger.http, ...(spec.followUps ?? []).map((step) => step.http)]) {
    const { body, ...result } = await sendRequest(http, {
      baseUrl: context.baseUrl,
      traceId: context.traceId,
      parentSpanId,
      correlationId: context.correlationId,
      correlationHeader: context.correlationHeader ?? 'x-correlation-id',
      timeoutMs: context.timeoutMs,
      previous,
      signal: context.signal,
    });
    results.push(result);
    context.signal.throwIfAborted();
    context.onAnswered?.(results.length - 1, result);
    if (!result.ok) break;
    previous = body;
  }
  return results;
}
