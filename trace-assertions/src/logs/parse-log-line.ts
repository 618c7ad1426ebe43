import type { LogLine } from './types.ts';

/** Which fields hold the ids a log line is correlated by. */
export interface LogFieldNames {
  /** Default 'correlation_id' (also tried: correlationId, correlation.id). */
  readonly correlationField: string;
  /** Extra field names (dotted paths) tried before the well-known ones, e.g. `{ traceId: ['otelTraceID'] }`. */
  readonly fields?: LogFieldAliases;
}

/** The parsed fields of a log line that can be read from other JSON names than the well-known ones. */
export type LogFieldAliases = Readonly<
  Partial<Record<'time' | 'level' | 'message' | 'service' | 'traceId' | 'spanId', readonly string[]>>
>;

const PINO_LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

function pick(json: Record<string, unknown>, paths: readonly string[]): unknown {
  for (const path of paths) {
    if (path in json) return json[path];
    const nested = path
      .split('.')
      .reduce<unknown>(
        (value, key) =>
          typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined,
        json,
      );
    if (nested !== undefined) return nested;
  }
  return undefined;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  return typeof value === 'number' ? String(value) : undefined;
}

function level(value: unknown): string | undefined {
  if (typeof value === 'number') return PINO_LEVELS[value] ?? String(value);
  return typeof value === 'string' ? value.toLowerCase() : undefined;
}

function time(value: unknown): number | undefined {
  if (typeof value === 'number') return value > 1e14 ? value / 1e6 : value;
  if (typeof value !== 'string') return undefined;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** Parses one raw line: JSON lines get their well-known fields read (pino, OTel, ECS names); other lines stay raw. */
export function parseLogLine(raw: string, lineNumber: number, names: LogFieldNames): LogLine {
  let json: Record<string, unknown> | undefined;
  const trimmed = raw.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        json = parsed as Record<string, unknown>;
    } catch {
      json = undefined;
    }
  }
  if (json === undefined) return { lineNumber, raw };
  const paths = (name: keyof LogFieldAliases, known: readonly string[]) => [...(names.fields?.[name] ?? []), ...known];
  const fields = {
    time: time(pick(json, paths('time', ['time', 'timestamp', '@timestamp', 'ts']))),
    level: level(pick(json, paths('level', ['level', 'severity', 'log.level', 'severity_text']))),
    message: str(pick(json, paths('message', ['msg', 'message']))),
    service: str(pick(json, paths('service', ['service.name', 'service', 'resource.service.name']))),
    traceId: str(pick(json, paths('traceId', ['trace_id', 'traceId', 'trace.id'])))?.toLowerCase(),
    spanId: str(pick(json, paths('spanId', ['span_id', 'spanId', 'span.id'])))?.toLowerCase(),
    correlationId: str(pick(json, [names.correlationField, 'correlationId', 'correlation.id'])),
  };
  const line: Record<string, unknown> = { lineNumber, raw, json };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) line[key] = value;
  return line as unknown as LogLine;
}
