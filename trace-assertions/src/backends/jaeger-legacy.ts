import { msToNanos } from '../otlp/time.ts';
import type { Attributes, AttributeValue, Span, SpanKind, SpanLink, SpanStatusCode } from '../types.ts';
import { asArray, asRecord, asString } from '../util/json.ts';

const KINDS: readonly SpanKind[] = ['internal', 'server', 'client', 'producer', 'consumer'];
const SCOPE_TAGS = ['otel.scope.name', 'otel.library.name', 'otel.scope.version', 'otel.library.version'];
const SPECIAL_TAGS = new Set(['span.kind', 'otel.status_code', 'otel.status_description', 'error', ...SCOPE_TAGS]);

function tagValue(tag: Record<string, unknown>): AttributeValue {
  const value = tag.value;
  if (tag.type === 'int64' || tag.type === 'float64') return typeof value === 'number' ? value : Number(value);
  if (tag.type === 'bool') return value === true || value === 'true';
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : String(value);
}

function tags(raw: unknown): Attributes {
  const out: Attributes = {};
  for (const item of asArray(raw) ?? []) {
    const tag = asRecord(item);
    if (tag && typeof tag.key === 'string') out[tag.key] = tagValue(tag);
  }
  return out;
}

function without(attributes: Attributes, keys: Set<string>): Attributes {
  return Object.fromEntries(Object.entries(attributes).filter(([key]) => !keys.has(key)));
}

function pad(id: string, length: number): string {
  return id.toLowerCase().padStart(length, '0');
}

function readSpan(raw: Record<string, unknown>, processes: Record<string, unknown>): Span {
  const all = tags(raw.tags);
  const process = asRecord(processes[asString(raw.processID)]) ?? asRecord(raw.process) ?? {};
  const resource = { ...tags(process.tags), 'service.name': asString(process.serviceName, 'unknown_service') };
  const references = (asArray(raw.references) ?? []).map((r) => asRecord(r) ?? {});
  const parent = references.find((r) => r.refType === 'CHILD_OF');
  const links: SpanLink[] = references
    .filter((r) => r !== parent)
    .map((r) => ({ traceId: pad(asString(r.traceID), 32), spanId: pad(asString(r.spanID), 16), attributes: {} }));
  const statusTag = String(all['otel.status_code'] ?? '').toLowerCase();
  const status: SpanStatusCode =
    statusTag === 'ok' ? 'ok' : statusTag === 'error' || all.error === true ? 'error' : 'unset';
  const startMs = Number(raw.startTime) / 1000;
  const durationMs = Number(raw.duration) / 1000;
  const kind = KINDS.find((k) => k === all['span.kind']) ?? 'internal';
  return {
    traceId: pad(asString(raw.traceID), 32),
    spanId: pad(asString(raw.spanID), 16),
    ...(parent ? { parentSpanId: pad(asString(parent.spanID), 16) } : {}),
    name: asString(raw.operationName),
    kind,
    service: String(resource['service.name']),
    resource,
    scope: {
      name: String(all['otel.scope.name'] ?? all['otel.library.name'] ?? ''),
      version: String(all['otel.scope.version'] ?? all['otel.library.version'] ?? ''),
      attributes: {},
    },
    startTimeMs: startMs,
    endTimeMs: startMs + durationMs,
    startTimeUnixNano: msToNanos(startMs),
    endTimeUnixNano: msToNanos(startMs + durationMs),
    durationMs,
    status: { code: status, message: String(all['otel.status_description'] ?? '') },
    attributes: without(all, SPECIAL_TAGS),
    events: (asArray(raw.logs) ?? []).map((item) => {
      const log = asRecord(item) ?? {};
      const fields = tags(log.fields);
      const timeMs = Number(log.timestamp) / 1000;
      const { event, ...attributes } = fields;
      return { name: String(event ?? ''), timeMs, timeUnixNano: msToNanos(timeMs), attributes };
    }),
    links,
  };
}

/** Normalizes a legacy Jaeger `/api/traces/{id}` response (`{ data: [{ spans, processes }] }`, microsecond times). */
export function spansFromJaegerLegacy(body: unknown): Span[] {
  const data = asArray(asRecord(body)?.data);
  if (data === undefined) throw new Error('expected { data: [...] }');
  return data.flatMap((item) => {
    const trace = asRecord(item) ?? {};
    const processes = asRecord(trace.processes) ?? {};
    return (asArray(trace.spans) ?? []).map((span) => readSpan(asRecord(span) ?? {}, processes));
  });
}
