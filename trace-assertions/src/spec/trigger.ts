import type { HttpTrigger, TriggerResult } from './types.ts';

/** What a trigger is sent with: where, and the ids that make its trace known up front. */
export interface TriggerContext {
  readonly baseUrl: string;
  readonly traceId: string;
  /** The span id written into traceparent as the caller's (remote parent) span. */
  readonly parentSpanId: string;
  readonly correlationId: string;
  readonly correlationHeader: string;
  readonly timeoutMs: number;
}

/** Replaces `${correlationId}` and `${traceId}` in every string of `value`. */
export function substitute(value: unknown, ids: { correlationId: string; traceId: string }): unknown {
  if (typeof value === 'string') {
    return value.replaceAll('${correlationId}', ids.correlationId).replaceAll('${traceId}', ids.traceId);
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, ids));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, ids)]));
  }
  return value;
}

function requestBody(body: unknown, headers: Record<string, string>): string | undefined {
  if (body === undefined) return undefined;
  if (typeof body === 'string') return body;
  headers['content-type'] ??= 'application/json';
  return JSON.stringify(body);
}

/** Sends the trigger with a W3C traceparent and the correlation header; never throws (errors are in the result). */
export async function sendTrigger(trigger: HttpTrigger, context: TriggerContext): Promise<TriggerResult> {
  const ids = { correlationId: context.correlationId, traceId: context.traceId };
  const headers = { ...(substitute(trigger.headers, ids) as Record<string, string>) };
  headers.traceparent = `00-${context.traceId}-${context.parentSpanId}-01`;
  headers[context.correlationHeader.toLowerCase()] = context.correlationId;
  const body = requestBody(substitute(trigger.body, ids), headers);
  let url: URL;
  try {
    url = new URL(substitute(trigger.url, ids) as string, context.baseUrl);
  } catch (error) {
    return { ok: false, error: `invalid URL ${trigger.url} (base ${context.baseUrl}): ${(error as Error).message}` };
  }
  try {
    const response = await fetch(url, {
      method: trigger.method,
      headers,
      ...(body !== undefined ? { body } : {}),
      signal: AbortSignal.timeout(context.timeoutMs),
    });
    const text = await response.text();
    if (trigger.expectStatus === undefined || response.status === trigger.expectStatus) {
      return { ok: true, status: response.status };
    }
    const snippet = text.length > 300 ? `${text.slice(0, 300)}…` : text;
    const error = `${trigger.method} ${url.href}: expected HTTP ${trigger.expectStatus}, got ${response.status}${snippet ? `: ${snippet}` : ''}`;
    return { ok: false, status: response.status, error };
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message;
    return {
      ok: false,
      error: `${trigger.method} ${url.href} failed: ${(error as Error).message}${cause ? ` (${cause})` : ''}`,
    };
  }
}
