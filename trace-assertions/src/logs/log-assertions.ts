import { TraceAssertionError } from '../errors.ts';
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

/** The verdict of checkLogsCarryTraceId. */
export interface LogsCarryTraceIdResult {
  readonly ok: boolean;
  /** Lines attributed to handling the trace. */
  readonly lines: readonly LogLine[];
  /** Attributed lines that do not carry the trace id. */
  readonly offenders: readonly LogLine[];
  readonly reason?: string;
}

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
  if (offenders.length > 0) {
    const shown = offenders.slice(0, 5).map((line) => `  line ${line.lineNumber}: ${line.raw.slice(0, 200)}`);
    const reason = `${offenders.length} of ${lines.length} line(s) ${options.service} wrote while handling trace ${traceId} lack trace_id ${traceId}:\n${shown.join('\n')}`;
    return { ok: false, lines, offenders, reason };
  }
  if (lines.length === 0 && (options.requireLines ?? true)) {
    return { ok: false, lines, offenders, reason: `${options.service} wrote no log line for trace ${traceId}` };
  }
  return { ok: true, lines, offenders };
}

/** Throwing variant of checkLogsCarryTraceId (code LOG_ASSERTION); returns the attributed lines. */
export function assertLogsCarryTraceId(options: LogsCarryTraceIdOptions): readonly LogLine[] {
  const result = checkLogsCarryTraceId(options);
  if (!result.ok)
    throw new TraceAssertionError('LOG_ASSERTION', result.reason ?? 'log check failed', {
      details: { offenders: result.offenders },
    });
  return result.lines;
}
