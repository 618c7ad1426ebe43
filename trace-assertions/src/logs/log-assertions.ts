import { TraceAssertionError } from '../errors.ts';
import { type CheckOutcome, type Issue, type LogIssueCode, outcome } from '../outcome.ts';
import type { Span, Trace } from '../types.ts';
import type { LogStore } from './log-store.ts';
import type { LogLine } from './types.ts';

/** Options of checkLogsCarryTraceId. */
export interface LogsCarryTraceIdOptions {
  readonly logs: LogStore | readonly LogLine[];
  readonly service: string;
  /** The trace (its spans of `service` give the handling window) or just its id. */
  readonly trace: Trace | string;
  /** Lines carrying this correlation id are also attributed to the trace. */
  readonly correlationId?: string;
  /** Widen the span window by this much on both sides (default 5 ms). */
  readonly slackMs?: number;
  /** Fail when the service wrote no line for the trace (default true). */
  readonly requireLines?: boolean;
}

/** A log problem: lines lacking the trace id (evidence: those lines), or no line at all. */
export type LogIssue = Issue<LogIssueCode, { readonly lines: readonly LogLine[] }>;

/** The verdict of checkLogsCarryTraceId, with the attributed lines and the offenders on both sides. */
export type LogsCarryTraceIdResult = CheckOutcome<
  {
    /** Lines attributed to handling the trace. */
    readonly lines: readonly LogLine[];
    /** Attributed lines that do not carry the trace id. */
    readonly offenders: readonly LogLine[];
    /** @deprecated The first issue's message; read `issues` instead (removed in the next minor release). */
    readonly reason?: string;
  },
  LogIssue
>;

function window(spans: readonly Span[], slackMs: number): [number, number] | undefined {
  if (spans.length === 0) return undefined;
  const start = Math.min(...spans.map((s) => s.startTimeMs));
  const end = Math.max(...spans.map((s) => s.endTimeMs));
  return [start - slackMs, end + slackMs];
}

/**
 * Checks that every line `service` wrote while handling the trace carries its trace id. A line is attributed to
 * the trace when it carries the trace id or the correlation id, or (with no trace id of its own) when its time falls
 * within the service's spans of that trace; a line carrying another trace id belongs to another request.
 */
export function checkLogsCarryTraceId(options: LogsCarryTraceIdOptions): LogsCarryTraceIdResult {
  const traceId = (typeof options.trace === 'string' ? options.trace : options.trace.traceId).toLowerCase();
  const spans =
    typeof options.trace === 'string' ? [] : options.trace.spans.filter((s) => s.service === options.service);
  const span = window(spans, options.slackMs ?? 5);
  const all = Array.isArray(options.logs) ? (options.logs as readonly LogLine[]) : (options.logs as LogStore).lines();
  const lines = all.filter((line) => {
    if (line.service !== options.service) return false;
    if (line.traceId === traceId) return true;
    if (options.correlationId !== undefined && line.correlationId === options.correlationId) return true;
    return (
      line.traceId === undefined &&
      span !== undefined &&
      line.time !== undefined &&
      line.time >= span[0] &&
      line.time <= span[1]
    );
  });
  const offenders = lines.filter((line) => line.traceId !== traceId);
  const issue = logIssue({ service: options.service, traceId, lines, offenders, requireLines: options.requireLines });
  if (issue === undefined) return outcome([], { lines, offenders });
  return outcome([issue], { lines, offenders, reason: issue.message });
}

function logIssue(found: {
  service: string;
  traceId: string;
  lines: readonly LogLine[];
  offenders: readonly LogLine[];
  requireLines: boolean | undefined;
}): LogIssue | undefined {
  const { service, traceId, lines, offenders } = found;
  if (offenders.length > 0) {
    const shown = offenders.slice(0, 5).map((line) => `  line ${line.lineNumber}: ${line.raw.slice(0, 200)}`);
    return {
      code: 'LOG_LINE_WITHOUT_TRACE_ID',
      message: `${offenders.length} of ${lines.length} line(s) ${service} wrote while handling trace ${traceId} lack trace_id ${traceId}:\n${shown.join('\n')}`,
      path: `logs of ${service}`,
      expected: `trace_id ${traceId} on every line`,
      actual: `${offenders.length} of ${lines.length} line(s) without it`,
      evidence: { lines: offenders },
    };
  }
  if (lines.length > 0 || found.requireLines === false) return undefined;
  return {
    code: 'NO_LOG_LINES',
    message: `${service} wrote no log line for trace ${traceId}`,
    path: `logs of ${service}`,
    expected: `at least one line for trace ${traceId}`,
    actual: 'none',
  };
}

/** Throwing variant of checkLogsCarryTraceId (code LOG_ASSERTION); returns the attributed lines. */
export function assertLogsCarryTraceId(options: LogsCarryTraceIdOptions): readonly LogLine[] {
  const result = checkLogsCarryTraceId(options);
  if (!result.ok)
    throw new TraceAssertionError('LOG_ASSERTION', result.issues.map((issue) => issue.message).join('\n'), {
      details: { offenders: result.offenders },
    });
  return result.lines;
}
