import { TraceAssertionError } from '../errors.ts';
import { spansFromOtlp } from '../otlp/to-spans.ts';
import type { Span } from '../types.ts';
import { asRecord } from '../util/json.ts';
import { spansFromJaegerLegacy } from './jaeger-legacy.ts';
import { createBackend, getJson, type TraceBackend } from './poll-backend.ts';

/** Options of jaegerBackend. */
export interface JaegerBackendOptions {
  /** The query service, e.g. http://localhost:16686. */
  readonly baseUrl: string;
  /** 'v3' (default): `/api/v3/traces/{id}` (OTLP JSON, hex ids); 'legacy': `/api/traces/{id}`. */
  readonly api?: 'v3' | 'legacy';
  readonly headers?: Record<string, string>;
}

/** Options of tempoBackend. */
export interface TempoBackendOptions {
  /** The query frontend, e.g. http://localhost:3200. */
  readonly baseUrl: string;
  readonly headers?: Record<string, string>;
}

function normalize(name: string, url: string, body: unknown, read: (body: unknown) => Span[]): Span[] {
  try {
    return read(body);
  } catch (error) {
    throw new TraceAssertionError(
      'BACKEND_ERROR',
      `${name}: cannot read the trace at ${url}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

function strip(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/**
 * A Jaeger query service as a polled trace backend.
 * @example const trace = await jaegerBackend({ baseUrl: 'http://localhost:16686' }).waitForTrace(traceId);
 */
export function jaegerBackend(options: JaegerBackendOptions): TraceBackend {
  const api = options.api ?? 'v3';
  return createBackend(`jaeger ${api}`, async (traceId) => {
    const path = api === 'v3' ? `/api/v3/traces/${traceId}` : `/api/traces/${traceId}`;
    const url = `${strip(options.baseUrl)}${path}`;
    const body = await getJson(url, options.headers);
    if (body === undefined) return undefined;
    if (api === 'legacy') return normalize('jaeger', url, body, spansFromJaegerLegacy);
    return normalize('jaeger', url, body, (b) => spansFromOtlp(asRecord(b)?.result ?? b, { idEncoding: 'hex' }).spans);
  });
}

/**
 * A Grafana Tempo query frontend as a polled trace backend (`/api/traces/{id}`, base64 ids).
 * @example const trace = await tempoBackend({ baseUrl: 'http://localhost:3200' }).fetchTrace(traceId);
 */
export function tempoBackend(options: TempoBackendOptions): TraceBackend {
  return createBackend('tempo', async (traceId) => {
    const url = `${strip(options.baseUrl)}/api/traces/${traceId}`;
    const body = await getJson(url, options.headers);
    if (body === undefined) return undefined;
    return normalize('tempo', url, body, (b) => {
      const root = asRecord(asRecord(b)?.trace) ?? asRecord(b) ?? {};
      const resourceSpans = root.resourceSpans ?? root.batches;
      return spansFromOtlp({ resourceSpans }, { idEncoding: 'base64' }).spans;
    });
  });
}
