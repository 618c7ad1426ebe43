import { isTraceAssertionError, TraceAssertionError } from '../errors.ts';
import { waitUntil } from '../wait/wait-until.ts';
import type { HttpExchange, HttpTrigger, RequestResult } from './types.ts';

/** What a request is sent with: where, the ids that make its trace known up front, and the previous answer. */
export interface TriggerContext {
  /** The base URL, or a function giving the base URL of a named service. */
  readonly baseUrl: string | ((service: string | undefined) => string);
  readonly traceId: string;
  /** The span id written into traceparent as the caller's (remote parent) span. */
  readonly parentSpanId: string;
  readonly correlationId: string;
  readonly correlationHeader: string;
  readonly timeoutMs: number;
  /** The previous response's body, read by `${response.<field>}`. */
  readonly previous?: unknown;
  readonly signal?: AbortSignal;
}

/** A request's verdict with the parsed response body, for the next request's `${response.<field>}`. */
export type SentRequest = RequestResult & { readonly body?: unknown };

interface Substitutions {
  readonly correlationId: string;
  readonly traceId: string;
  readonly previous?: unknown;
}

/** Replaces `${correlationId}`, `${traceId}` and `${response.<field>}` in every string of `value`. */
export function substitute(value: unknown, ids: Substitutions): unknown {
  if (typeof value === 'string') {
    return value
      .replaceAll('${correlationId}', ids.correlationId)
      .replaceAll('${traceId}', ids.traceId)
      .replace(/\$\{response\.([\w.]+)\}/g, (_, field: string) => String(pick(ids.previous, field) ?? ''));
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, ids));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, ids)]));
  }
  return value;
}

/** Reads a dotted path out of a parsed JSON body. */
export function pick(value: unknown, field: string): unknown {
  return field
    .split('.')
    .reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), value);
}

function requestBody(body: unknown, headers: Record<string, string>): string | undefined {
  if (body === undefined) return undefined;
  if (typeof body === 'string') return body;
  headers['content-type'] ??= 'application/json';
  return JSON.stringify(body);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function statusError(trigger: HttpTrigger, url: string, status: number, text: string): string | undefined {
  const expected = trigger.expectStatus;
  if (expected === undefined || (expected === 'success' ? status < 400 : status === expected)) return undefined;
  const snippet = text.length > 300 ? `${text.slice(0, 300)}…` : text;
  const wanted = expected === 'success' ? '< 400' : String(expected);
  return `${trigger.method} ${url}: expected HTTP ${wanted}, got ${status}${snippet ? `: ${snippet}` : ''}`;
}

function baseOf(trigger: HttpTrigger, context: TriggerContext): string {
  return typeof context.baseUrl === 'string' ? context.baseUrl : context.baseUrl(trigger.service);
}

/** Sends one request with a W3C traceparent and the correlation header; never throws (errors are in the result). */
export async function sendTrigger(trigger: HttpTrigger, context: TriggerContext): Promise<SentRequest> {
  const exchange = requestExchange(trigger, context);
  let url: URL;
  try {
    url = new URL(exchange.url, baseOf(trigger, context));
  } catch (error) {
    return { ok: false, error: `invalid URL ${trigger.url}: ${(error as Error).message}`, exchange };
  }
  const sent = { ...exchange, url: url.href };
  try {
    const signals = [AbortSignal.timeout(context.timeoutMs), ...(context.signal ? [context.signal] : [])];
    const { headers, body } = exchange;
    const init = { method: trigger.method, headers, ...(body !== undefined ? { body } : {}) };
    const response = await fetch(url, { ...init, signal: AbortSignal.any(signals) });
    const text = await response.text();
    const error = statusError(trigger, url.href, response.status, text);
    return {
      ok: error === undefined,
      status: response.status,
      ...(error ? { error } : {}),
      exchange: { ...sent, response: { status: response.status, body: text.slice(0, 4_000) } },
      body: parseJson(text),
    };
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message;
    const problem = `${trigger.method} ${url.href} failed: ${(error as Error).message}${cause ? ` (${cause})` : ''}`;
    return { ok: false, error: problem, exchange: sent };
  }
}

/** The request as it will be sent: values from earlier answers filled in, traceparent and correlation header set. */
function requestExchange(
  trigger: HttpTrigger,
  context: TriggerContext,
): HttpExchange & { headers: Record<string, string> } {
  const ids = { correlationId: context.correlationId, traceId: context.traceId, previous: context.previous };
  const headers = { ...(substitute(trigger.headers, ids) as Record<string, string>) };
  headers.traceparent = `00-${context.traceId}-${context.parentSpanId}-01`;
  headers[context.correlationHeader.toLowerCase()] = context.correlationId;
  const body = requestBody(substitute(trigger.body, ids), headers);
  return {
    method: trigger.method,
    url: substitute(trigger.url, ids) as string,
    headers,
    ...(body !== undefined ? { body } : {}),
  };
}

/** Sends a request, repeated while its `until` field differs (every 200 ms, bounded by `until.timeoutMs`). */
export async function sendRequest(trigger: HttpTrigger, context: TriggerContext): Promise<SentRequest> {
  const until = trigger.until;
  if (until === undefined) return sendTrigger(trigger, context);
  const timeoutMs = until.timeoutMs ?? 15_000;
  let last: SentRequest | undefined;
  const stayed = (): SentRequest => {
    const value = JSON.stringify(pick(last?.body, until.field));
    const error = `${trigger.method} ${last?.exchange.url ?? trigger.url}: ${until.field} stayed ${value}, expected ${JSON.stringify(until.equals)}`;
    return { ...(last ?? { exchange: { method: trigger.method, url: trigger.url, headers: {} } }), ok: false, error };
  };
  try {
    return await waitUntil<SentRequest>({
      pollIntervalMs: 200,
      check: async () => {
        last = await sendTrigger(trigger, context);
        const done = !last.ok || pick(last.body, until.field) === until.equals;
        return done ? { done: true, value: last } : { done: false };
      },
      timeoutMs,
      ...(context.signal ? { signal: context.signal } : {}),
      onTimeout: () => new TraceAssertionError('EXPECTATION_FAILED', stayed().error ?? ''),
    });
  } catch (error) {
    if (isTraceAssertionError(error, 'EXPECTATION_FAILED')) return stayed();
    throw error;
  }
}
