import type { LogLine } from '../logs/types.ts';
import { matchValue } from '../query/matchers.ts';
import type { Hop } from './types.ts';

type LogHop = Extract<Hop, { kind: 'log' }>;

/** The outcome of checking the log lines of a log hop. */
export interface LogEvidence {
  readonly ok: boolean;
  readonly reason?: string;
  readonly lines: readonly LogLine[];
}

/** Reads a line's correlation id, from `field` when given, else as the LogStore parsed it. */
export function lineCorrelationId(line: LogLine, field: string | undefined): string | undefined {
  if (field === undefined) return line.correlationId;
  const value = line.json?.[field];
  return typeof value === 'string' ? value : line.correlationId;
}

function short(line: LogLine): string {
  return `line ${line.lineNumber}: ${line.raw.slice(0, 160)}`;
}

/** Checks that the service logged for this request and that each such line carries the trace id and correlation id. */
export function checkLogHop(
  hop: LogHop,
  lines: readonly LogLine[],
  expect: {
    readonly traceIds: ReadonlySet<string>;
    readonly correlationId: string | undefined;
    readonly field: string | undefined;
  },
): LogEvidence {
  const fromService = lines.filter(
    (line) =>
      line.service === hop.service &&
      (hop.message === undefined || matchValue(hop.message, line.message)) &&
      (hop.level === undefined || line.level === hop.level),
  );
  const attributed = fromService.filter(
    (line) =>
      (line.traceId !== undefined && expect.traceIds.has(line.traceId)) ||
      (expect.correlationId !== undefined && lineCorrelationId(line, expect.field) === expect.correlationId),
  );
  const ids = [...expect.traceIds].join(' or ');
  if (attributed.length === 0) {
    const sample = fromService.slice(0, 3).map((line) => `  ${short(line)}`);
    const reason = `no log line from ${hop.service}${hop.message === undefined ? '' : ' matching the message'} carries trace id ${ids || '(none known)'} or correlation id ${expect.correlationId ?? '(none known)'}; ${fromService.length} candidate line(s)${sample.length ? `:\n${sample.join('\n')}` : ''}`;
    return { ok: false, reason, lines: [] };
  }
  for (const line of attributed) {
    if (line.traceId === undefined || !expect.traceIds.has(line.traceId)) {
      return {
        ok: false,
        reason: `${short(line)} has trace_id ${line.traceId ?? '(absent)'}, expected ${ids}`,
        lines: attributed,
      };
    }
    const correlation = lineCorrelationId(line, expect.field);
    if (expect.correlationId !== undefined && correlation !== expect.correlationId) {
      return {
        ok: false,
        reason: `${short(line)} has correlation id ${correlation ?? '(absent)'}, expected ${expect.correlationId}`,
        lines: attributed,
      };
    }
  }
  return { ok: true, lines: attributed };
}
