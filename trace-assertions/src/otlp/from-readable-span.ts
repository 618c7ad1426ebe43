import type { ReadableSpanLike } from '../internal-types.ts';
import type { Attributes, AttributeValue, Span, SpanKind, SpanStatusCode } from '../types.ts';
import { durationMs, nanosToMs } from './time.ts';

// @opentelemetry/api numbers kinds from 0 (INTERNAL), unlike OTLP which starts at UNSPECIFIED.
const API_KINDS: readonly SpanKind[] = ['internal', 'server', 'client', 'producer', 'consumer'];
const API_STATUS: readonly SpanStatusCode[] = ['unset', 'ok', 'error'];

function hrToNanos(time: readonly [number, number]): string {
  return (BigInt(time[0]) * 1_000_000_000n + BigInt(time[1])).toString();
}

function toValue(value: unknown): AttributeValue {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map(toValue);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

function toAttributes(raw: Readonly<Record<string, unknown>> | undefined): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(raw ?? {})) if (value !== undefined) out[key] = toValue(value);
  return out;
}

/** Converts an SDK ReadableSpan into the normalized Span. */
export function fromReadableSpan(span: ReadableSpanLike): Span {
  const context = span.spanContext();
  const parentSpanId = span.parentSpanContext?.spanId ?? span.parentSpanId;
  const resource = toAttributes(span.resource.attributes);
  const scope = span.instrumentationScope ?? span.instrumentationLibrary ?? { name: '' };
  const start = hrToNanos(span.startTime);
  const end = hrToNanos(span.endTime);
  const traceState = context.traceState?.serialize();
  return {
    traceId: context.traceId.toLowerCase(),
    spanId: context.spanId.toLowerCase(),
    ...(parentSpanId ? { parentSpanId: parentSpanId.toLowerCase() } : {}),
    name: span.name,
    kind: API_KINDS[span.kind] ?? 'internal',
    service: typeof resource['service.name'] === 'string' ? resource['service.name'] : 'unknown_service',
    resource,
    scope: { name: scope.name, version: scope.version ?? '', attributes: {} },
    startTimeMs: nanosToMs(start),
    endTimeMs: nanosToMs(end),
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    durationMs: durationMs(start, end),
    status: { code: API_STATUS[span.status.code] ?? 'unset', message: span.status.message ?? '' },
    attributes: toAttributes(span.attributes),
    events: span.events.map((event) => {
      const time = hrToNanos(event.time);
      return {
        name: event.name,
        timeMs: nanosToMs(time),
        timeUnixNano: time,
        attributes: toAttributes(event.attributes),
      };
    }),
    links: span.links.map((link) => ({
      traceId: link.context.traceId.toLowerCase(),
      spanId: link.context.spanId.toLowerCase(),
      attributes: toAttributes(link.attributes),
    })),
    ...(traceState ? { traceState } : {}),
  };
}
