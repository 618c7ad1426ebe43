import { checkServerSpanStatus, httpStatusOf, type Span } from '@tracegate/trace-assertions';
import type { CheckResult } from '../../report/types.ts';
import { issueCheck } from './to-checks.ts';

/** The check's name in reports. */
export const SERVER_SPAN_STATUS_CHECK = 'server spans: status';

/**
 * Every HTTP server span of the run keeps OpenTelemetry's status rule: a 4xx response leaves the status unset.
 * Skipped when no server span recorded a response status.
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
  const clientErrors = seen.filter((span) => (httpStatusOf(span) ?? 0) >= 400 && (httpStatusOf(span) ?? 0) < 500);
  return issueCheck(
    SERVER_SPAN_STATUS_CHECK,
    checkServerSpanStatus(seen),
    `${seen.length} HTTP server span(s), ${clientErrors.length} of them 4xx, none of those marked ERROR`,
  );
}
