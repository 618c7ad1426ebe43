// Reads the JSON of Jaeger's query service `GET /api/traces/{id}` (the UI model): jaeger internal/uimodel/model.go and
// internal/uimodel/converter/v1/json/from_domain.go (v1.76.0 = v2.13.0). Jaeger v2 converts OTLP to this model with
// opentelemetry-collector-contrib pkg/translator/jaeger (traces_to_jaegerproto.go): span kind → tag `span.kind`,
// status → `otel.status_code` (OK/ERROR) + `error: true` + `otel.status_description`, scope → `otel.scope.name`/
// `otel.scope.version` (`otel.library.*` before), trace state → `w3c.tracestate`, the parent → the first CHILD_OF
// reference, links → FOLLOWS_FROM references (their attributes are lost), events → logs with an `event` field,
// array/map attributes → JSON strings, int64 outside ±2^53 → a decimal string.
import { int64ToJs } from '../otlp/any-value.ts';
import { isHexId } from '../otlp/ids.ts';
import { nanosToMs } from '../otlp/time.ts';
import type { Attributes, AttributeValue, Span, SpanKind, SpanLink, SpanStatusCode } from '../types.ts';
import { asArray, asRecord, asString } from '../util/json.ts';

const KINDS: readonly SpanKind[] = ['internal', 'server', 'client', 'producer', 'consumer'];
const SCOPE_TAGS = ['otel.scope.name', 'otel.library.name', 'otel.scope.version', 'otel.library.version'];
const SPECIAL_TAGS = new Set([
  'span.kind',
  'otel.status_code',
  'otel.status_description',
  'error',
  'w3c.tracestate',
  ...SCOPE_TAGS,
]);

function tagValue(tag: Record<string, unknown>): AttributeValue {
  const value = tag.value;
  if (tag.type === 'int64') return int64ToJs(value);
  if (tag.type === 'float64') return typeof value === 'number' ? value : Number(value);
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

/** Microseconds (a JSON number, or a string) as exact nanoseconds: floating-point milliseconds would round. */
function micros(value: unknown, what: string): bigint {
  const text = typeof value === 'number' ? String(Math.trunc(value)) : asString(value);
  if (!/^\d+$/.test(text)) throw new Error(`invalid ${what} ${JSON.stringify(value)}`);
  return BigInt(text) * 1000n;
}

/** Jaeger prints 64-bit trace ids as 16 hex digits: pad them to the 32 of a W3C/OTLP id. */
function pad(id: unknown, length: number): string {
  const hex = asString(id).toLowerCase().padStart(length, '0');
  if (!isHexId(hex, length / 2)) throw new Error(`invalid id ${JSON.stringify(id)}`);
  return hex;
}

function readSpan(raw: Record<string, unknown>, processes: Record<string, unknown>): Span {
  const all = tags(raw.tags);
  const process = asRecord(processes[asString(raw.processID)]) ?? asRecord(raw.process) ?? {};
  const resource = { ...tags(process.tags), 'service.name': asString(process.serviceName, 'unknown_service') };
  const { parent, links } = readReferences(raw.references);
  const start = micros(raw.startTime, 'startTime');
  const end = start + micros(raw.duration, 'duration');
  const traceState = typeof all['w3c.tracestate'] === 'string' ? all['w3c.tracestate'] : '';
  return {
    traceId: pad(raw.traceID, 32),
    spanId: pad(raw.spanID, 16),
    ...(parent ? { parentSpanId: parent } : {}),
    name: asString(raw.operationName),
    kind: KINDS.find((k) => k === all['span.kind']) ?? 'internal',
    service: String(resource['service.name']),
    resource,
    scope: {
      name: String(all['otel.scope.name'] ?? all['otel.library.name'] ?? ''),
      version: String(all['otel.scope.version'] ?? all['otel.library.version'] ?? ''),
      attributes: {},
    },
    startTimeMs: nanosToMs(`${start}`),
    endTimeMs: nanosToMs(`${end}`),
    startTimeUnixNano: `${start}`,
    endTimeUnixNano: `${end}`,
    durationMs: nanosToMs(`${end - start}`),
    status: { code: readStatus(all), message: String(all['otel.status_description'] ?? '') },
    attributes: without(all, SPECIAL_TAGS),
    events: (asArray(raw.logs) ?? []).map(readEvent),
    links,
    ...(traceState ? { traceState } : {}),
  };
}

/** The CHILD_OF reference is the parent; every other reference is a link. */
function readReferences(value: unknown): { parent: string | undefined; links: SpanLink[] } {
  const references = (asArray(value) ?? []).map((r) => asRecord(r) ?? {});
  const parent = references.find((r) => r.refType === 'CHILD_OF');
  const links = references
    .filter((r) => r !== parent)
    .map((r) => ({ traceId: pad(r.traceID, 32), spanId: pad(r.spanID, 16), attributes: {} }));
  return { parent: parent ? pad(parent.spanID, 16) : undefined, links };
}

/** The span status from the `otel.status_code` tag, or the legacy `error=true` tag. */
function readStatus(all: Record<string, unknown>): SpanStatusCode {
  const statusTag = String(all['otel.status_code'] ?? '').toLowerCase();
  return statusTag === 'ok' ? 'ok' : statusTag === 'error' || all.error === true ? 'error' : 'unset';
}

/** A Jaeger log (microsecond timestamp, `event` field) as a span event. */
function readEvent(item: unknown): Span['events'][number] {
  const log = asRecord(item) ?? {};
  const fields = tags(log.fields);
  const time = `${micros(log.timestamp, 'log timestamp')}`;
  const { event, ...attributes } = fields;
  return { name: String(event ?? ''), timeMs: nanosToMs(time), timeUnixNano: time, attributes };
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
