import type { ValueMatcher } from '../types.ts';

/** One captured log line; JSON lines also carry the well-known fields read from them. */
export interface LogLine {
  /** 1-based position in the capture. */
  readonly lineNumber: number;
  readonly raw: string;
  /** The parsed object, absent for a non-JSON line. */
  readonly json?: Readonly<Record<string, unknown>>;
  /** Epoch milliseconds (pino `time`, ISO `timestamp`, `@timestamp`). */
  readonly time?: number;
  /** Lower-case level name (pino numbers are mapped: 30 → info). */
  readonly level?: string;
  readonly message?: string;
  /** pino `service.name` (flat or nested) or a `service` field. */
  readonly service?: string;
  readonly traceId?: string;
  readonly spanId?: string;
  readonly correlationId?: string;
}

/** A query over captured log lines; every given field must hold. */
export interface LogQuery {
  readonly traceId?: string;
  readonly spanId?: string;
  readonly correlationId?: string;
  readonly service?: ValueMatcher;
  /** A level name or several. */
  readonly level?: string | readonly string[];
  readonly message?: ValueMatcher;
  /** Matchers on raw JSON fields (dotted paths read flat keys first, then nested objects). */
  readonly fields?: Readonly<Record<string, ValueMatcher>>;
  /** Only JSON lines (true) or only non-JSON lines (false). */
  readonly json?: boolean;
}

/** Counters of a log capture. */
export interface LogStats {
  readonly lines: number;
  readonly jsonLines: number;
  readonly nonJsonLines: number;
}
