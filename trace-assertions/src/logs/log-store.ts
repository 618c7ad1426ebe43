import { TraceAssertionError } from '../errors.ts';
import { Emitter } from '../store/emitter.ts';
import { waitForItem } from '../wait/wait-for-item.ts';
import type { WaitOptions } from '../wait/wait-until.ts';
import { describeLogQuery, matchLogLine } from './log-query.ts';
import { type LogFieldNames, parseLogLine } from './parse-log-line.ts';
import type { LogLine, LogQuery, LogStats } from './types.ts';

type LineQuery = LogQuery | ((line: LogLine) => boolean);

/** Captured log lines with queries and a push-driven wait. */
export interface LogStore {
  /** Appends raw lines (or objects, stringified) as if they were read from the source. */
  add(lines: readonly (string | object)[]): void;
  lines(): LogLine[];
  find(query: LogQuery | ((line: LogLine) => boolean)): LogLine[];
  /** The lines that were not JSON (tolerated and counted). */
  nonJsonLines(): LogLine[];
  stats(): LogStats;
  onLine(listener: (line: LogLine) => void): () => void;
  /** Resolves with the first line (already captured or arriving) matching; throws LOG_ASSERTION on timeout. */
  waitFor(query: LogQuery | ((line: LogLine) => boolean), options?: WaitOptions): Promise<LogLine>;
  /** Stops reading the source (a tailed file or a stream); captured lines stay queryable. */
  stop(): Promise<void>;
}

/** Creates a LogStore not bound to any source; `onStop` releases the source. */
export function createLogStore(names: LogFieldNames, onStop: () => Promise<void> = async () => {}): LogStore {
  const captured: LogLine[] = [];
  const arrivals = new Emitter<LogLine>();
  const test = (query: LineQuery) =>
    typeof query === 'function' ? query : (line: LogLine) => matchLogLine(line, query);
  const store: LogStore = {
    add(lines) {
      for (const item of lines) {
        const raw = typeof item === 'string' ? item : JSON.stringify(item);
        if (raw.trim() === '') continue;
        const line = parseLogLine(raw, captured.length + 1, names);
        captured.push(line);
        arrivals.emit(line);
      }
    },
    lines: () => [...captured],
    find: (query) => captured.filter(test(query)),
    nonJsonLines: () => captured.filter((line) => line.json === undefined),
    stats: () => {
      const jsonLines = captured.filter((line) => line.json !== undefined).length;
      return { lines: captured.length, jsonLines, nonJsonLines: captured.length - jsonLines };
    },
    onLine: (listener) => arrivals.on(listener),
    waitFor(query, options = {}) {
      const timeoutMs = options.timeoutMs ?? 10_000;
      return waitForItem({
        items: captured,
        onArrival: (onChange) => arrivals.on(onChange),
        matches: test(query),
        timeoutMs,
        signal: options.signal,
        onTimeout: () => timeoutError(query, timeoutMs, store.stats()),
      });
    },
    stop: onStop,
  };
  return store;
}

function timeoutError(query: LineQuery, timeoutMs: number, stats: LogStats): TraceAssertionError {
  const what = typeof query === 'function' ? 'the predicate' : describeLogQuery(query);
  const message = `no log line matched ${what} within ${timeoutMs} ms (${stats.lines} lines captured, ${stats.nonJsonLines} not JSON)`;
  return new TraceAssertionError('LOG_ASSERTION', message, { details: { query } });
}
