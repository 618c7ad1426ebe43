// Response formats, from the servers' source:
// - Jaeger v2 `GET /api/v3/traces/{id}` (jaeger cmd/query/app/apiv3/http_gateway.go, v1.76.0 = v2.13.0):
//   `{"result": TracesData}` written by the collector's ptrace.JSONMarshaler (OTLP/JSON: hex ids, enums as numbers,
//   64-bit integers as strings, `scopeSpans`); unknown trace: 404 `{"error":{"httpCode":404,"message":…}}`.
// - Jaeger `GET /api/traces/{id}`: see jaeger-legacy.ts.
// - Tempo `GET /api/traces/{id}` (grafana/tempo modules/frontend/combiner/trace_by_id.go, pkg/tempopb/tempo.proto):
//   gogo jsonpb of tempopb.Trace, `{"batches": [ResourceSpans]}` — base64 ids, enums as names (SPAN_KIND_SERVER,
//   STATUS_CODE_ERROR), 64-bit integers as strings, zero values omitted; `instrumentationLibrarySpans` before
//   Tempo 2.0 (opentelemetry-proto 0.18, grafana/tempo#1754). The proto field is `resourceSpans` since Tempo 2.6
//   (grafana/tempo#3895) but this endpoint still answers `batches`.
// - Tempo ≥ 2.6 `GET /api/v2/traces/{id}` (combiner/trace_by_id_v2.go): tempopb.TraceByIDResponse,
//   `{"trace": {"resourceSpans": […]}, "metrics": {…}, "status"?: "PARTIAL", "message"?: …}`.
import { TraceAssertionError } from '../errors.ts';
import { type SpansFromOtlpOptions, spansFromOtlp } from '../otlp/to-spans.ts';
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
  /** 'v1' (default, every Tempo): `/api/traces/{id}`; 'v2' (Tempo ≥ 2.6): `/api/v2/traces/{id}`. */
  readonly api?: 'v1' | 'v2';
  readonly headers?: Record<string, string>;
}

/** Spans of an OTLP/JSON document; a span the reader rejects fails the read (a format change must not hide spans). */
function otlpSpans(tracesData: unknown, options: SpansFromOtlpOptions): Span[] {
  const result = spansFromOtlp(tracesData, options);
  if (result.rejected > 0) throw new Error(`${result.rejected} span(s) unreadable: ${result.errors.join('; ')}`);
  return result.spans;
}

/** The spans of a Tempo trace-by-id answer (v1 `batches`, `resourceSpans`, v2 `trace`), undefined when it has none. */
export function spansFromTempo(body: unknown): Span[] | undefined {
  const record = asRecord(body);
  if (record === undefined) throw new Error('expected a JSON object');
  const v2 = 'trace' in record || 'metrics' in record;
  const trace = v2 ? (asRecord(record.trace) ?? {}) : record;
  const resourceSpans = trace.resourceSpans ?? trace.batches;
  // jsonpb omits empty fields: `{}` (v1) or `{"trace":{}}` (v2) is a trace without spans
  if (resourceSpans === undefined && Object.keys(trace).length > 0) {
    throw new Error(`expected batches, resourceSpans or trace.resourceSpans, got {${Object.keys(record).join(', ')}}`);
  }
  const spans = otlpSpans({ resourceSpans: resourceSpans ?? [] }, { idEncoding: 'base64' });
  return spans.length === 0 ? undefined : spans;
}

/** The spans of a Jaeger `/api/v3/traces/{id}` answer (`{ result: TracesData }`). */
export function spansFromJaegerV3(body: unknown): Span[] {
  const result = asRecord(asRecord(body)?.result);
  if (result === undefined) throw new Error('expected { result: { resourceSpans: [...] } }');
  return otlpSpans(result, { idEncoding: 'hex' });
}

function normalize(
  name: string,
  url: string,
  body: unknown,
  read: (body: unknown) => Span[] | undefined,
): Span[] | undefined {
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
    return normalize('jaeger', url, body, spansFromJaegerV3);
  });
}

/**
 * A Grafana Tempo query frontend as a polled trace backend (`/api/traces/{id}` or `/api/v2/traces/{id}`).
 * @example const trace = await tempoBackend({ baseUrl: 'http://localhost:3200' }).fetchTrace(traceId);
 */
export function tempoBackend(options: TempoBackendOptions): TraceBackend {
  const api = options.api ?? 'v1';
  return createBackend(api === 'v1' ? 'tempo' : 'tempo v2', async (traceId) => {
    const url = `${strip(options.baseUrl)}${api === 'v1' ? '/api/traces' : '/api/v2/traces'}/${traceId}`;
    const body = await getJson(url, options.headers);
    if (body === undefined) return undefined;
    return normalize('tempo', url, body, spansFromTempo);
  });
}
