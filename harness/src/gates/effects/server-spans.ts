import { checkServerSpanStatus, httpStatusOf, type Span } from '@tracegate/trace-assertions';
import type { CheckResult } from '../../report/types.ts';
import { issueCheck } from './to-checks.ts';

/** The check's name in reports. */
export const SERVER_SPAN_STATUS_CHECK = 'server spans: status';

/** How many of the spans answered a status in [from, from + 99]. */
function countOfClass(spans: readonly Span[], from: number): number {
  return spans.filter((span) => {
    const status = httpStatusOf(span) ?? 0;
    return status >= from && status <= from + 99;
  }).length;
}

/**
 * Every HTTP server span of the run keeps OpenTelemetry's status rule: a 4xx response leaves the status unset, a 5xx
 * response marks it ERROR. Skipped when no server span recorded a response status.
 */
export function serverSpanStatusCheck(spans: readonly Span[]): CheckResult {
  const seen = spans.filter((span) => span.kind === 'server' && httpStatusOf(span) !== undefined);
  if (seen.length === 0) {
    return {
      name: SERVER_SPAN_STATUS_CHECK,
      status: 'skipped',
      message: 'no HTTP server span with a response status was recorded in the run',
    };
  }
  return issueCheck(
    SERVER_SPAN_STATUS_CHECK,
    checkServerSpanStatus(seen),
    `${seen.length} HTTP server span(s): ${countOfClass(seen, 400)} 4xx, none marked ERROR; ${countOfClass(seen, 500)} 5xx, all marked ERROR`,
  );
}
