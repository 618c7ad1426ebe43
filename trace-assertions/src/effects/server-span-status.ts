import type { AttributeValue, Span } from '../types.ts';
import type { EffectIssue } from './types.ts';

/** Where HTTP server spans keep the response status: current and pre-1.23 semantic conventions. */
const STATUS_ATTRIBUTES = ['http.response.status_code', 'http.status_code'] as const;

/** The HTTP response status a span records, or undefined. */
export function httpStatusOf(span: Span): number | undefined {
  for (const name of STATUS_ATTRIBUTES) {
    const value: AttributeValue | undefined = span.attributes[name];
    const status = typeof value === 'string' ? Number(value) : value;
    if (typeof status === 'number' && Number.isInteger(status)) return status;
  }
  return undefined;
}

/**
 * OpenTelemetry's HTTP semantic conventions: a server span of a 4xx response leaves its status unset (the client
 * erred, not the server), so error rates and alerts count server failures only. One issue per service and status.
 * @example
 * checkServerSpanStatus(store.spans()) // [] when no 4xx server span is marked ERROR
 */
export function checkServerSpanStatus(spans: readonly Span[]): EffectIssue[] {
  const marked = new Map<string, Span[]>();
  for (const span of spans) {
    const status = httpStatusOf(span);
    if (span.kind !== 'server' || span.status.code !== 'error' || status === undefined) continue;
    if (status < 400 || status > 499) continue;
    const group = `${span.service} ${status}`;
    const same = marked.get(group);
    if (same) same.push(span);
    else marked.set(group, [span]);
  }
  return [...marked.values()].map((group) => clientErrorIssue(group));
}

function clientErrorIssue(group: readonly Span[]): EffectIssue {
  const first = group[0] as Span;
  const status = httpStatusOf(first);
  return {
    code: 'SERVER_SPAN_ERROR_ON_CLIENT_ERROR',
    path: 'server spans: status',
    message: `${group.length} server span(s) of ${first.service} answering ${status} are marked ERROR, e.g. "${first.name}" (trace ${first.traceId}): a client's mistake counts as a server failure`,
    expected: `status UNSET for a ${status} response (HTTP semantic conventions: only 5xx marks a server span ERROR)`,
    actual: `status ERROR${first.status.message ? ` "${first.status.message}"` : ''}`,
    evidence: { spanIds: group.slice(0, 3).map((span) => span.spanId) },
  };
}
