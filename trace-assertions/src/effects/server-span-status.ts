import type { AttributeValue, Span } from '../types.ts';
import type { EffectIssue } from './types.ts';

/** Where HTTP server spans keep the response status: current and pre-1.23 semantic conventions. */
const STATUS_ATTRIBUTES = ['http.response.status_code', 'http.status_code'] as const;

/** Where a server span names what was asked: the route template first, then the path (current, then old names). */
const TARGET_ATTRIBUTES = ['http.route', 'url.path', 'http.target'] as const;

/** The HTTP response status a span records, or undefined. */
export function httpStatusOf(span: Span): number | undefined {
  for (const name of STATUS_ATTRIBUTES) {
    const value: AttributeValue | undefined = span.attributes[name];
    const status = typeof value === 'string' ? Number(value) : value;
    if (typeof status === 'number' && Number.isInteger(status)) return status;
  }
  return undefined;
}

/** Which half of the status rule a server span's response falls under, if any. */
type StatusClass = 'client-error' | 'server-error';

function statusClassOf(status: number): StatusClass | undefined {
  if (status >= 400 && status <= 499) return 'client-error';
  if (status >= 500 && status <= 599) return 'server-error';
  return undefined;
}

/** Whether a server span breaks the rule for its response's class. */
function breaksRule(span: Span, statusClass: StatusClass): boolean {
  return statusClass === 'client-error' ? span.status.code === 'error' : span.status.code !== 'error';
}

/**
 * OpenTelemetry's HTTP semantic conventions for server spans: a 4xx response leaves the status unset (the client
 * erred, not the server) and a 5xx response marks it ERROR, so error rates and alerts count server failures, all of
 * them and only them. One issue per service, status and rule broken.
 * @example
 * checkServerSpanStatus(store.spans()) // [] when no 4xx server span is ERROR and every 5xx one is
 */
export function checkServerSpanStatus(spans: readonly Span[]): EffectIssue[] {
  const broken = new Map<string, Span[]>();
  for (const span of spans) {
    const status = span.kind === 'server' ? httpStatusOf(span) : undefined;
    const statusClass = status === undefined ? undefined : statusClassOf(status);
    if (statusClass === undefined || !breaksRule(span, statusClass)) continue;
    const group = `${span.service} ${status}`;
    const same = broken.get(group);
    if (same) same.push(span);
    else broken.set(group, [span]);
  }
  return [...broken.values()].map((group) =>
    (httpStatusOf(group[0] as Span) ?? 0) >= 500 ? serverErrorIssue(group) : clientErrorIssue(group),
  );
}

/** What a server span answered, e.g. `"GET /orders/:id" (GET /orders/:id, trace 0af7…)`. */
function named(span: Span): string {
  const target = TARGET_ATTRIBUTES.map((name) => span.attributes[name]).find((value) => value !== undefined);
  return `"${span.name}" (${target === undefined ? '' : `${String(target)}, `}trace ${span.traceId})`;
}

function clientErrorIssue(group: readonly Span[]): EffectIssue {
  const first = group[0] as Span;
  const status = httpStatusOf(first);
  return {
    code: 'SERVER_SPAN_ERROR_ON_CLIENT_ERROR',
    path: 'server spans: status',
    message: `${group.length} server span(s) of ${first.service} answering ${status} are marked ERROR, e.g. ${named(first)}: a client's mistake counts as a server failure`,
    expected: `status UNSET for a ${status} response (HTTP semantic conventions: only 5xx marks a server span ERROR)`,
    actual: `status ERROR${first.status.message ? ` "${first.status.message}"` : ''}`,
    evidence: { spanIds: group.slice(0, 3).map((span) => span.spanId) },
  };
}

function serverErrorIssue(group: readonly Span[]): EffectIssue {
  const first = group[0] as Span;
  const status = httpStatusOf(first);
  return {
    code: 'SERVER_SPAN_NOT_ERROR_ON_SERVER_ERROR',
    path: 'server spans: status',
    message: `${group.length} server span(s) of ${first.service} answering ${status} are not marked ERROR, e.g. ${named(first)}: a server failure is missing from error rates and alerts`,
    expected: `status ERROR for a ${status} response (HTTP semantic conventions: a 5xx marks a server span ERROR)`,
    actual: `status ${first.status.code.toUpperCase()}`,
    evidence: { spanIds: group.slice(0, 3).map((span) => span.spanId) },
  };
}
