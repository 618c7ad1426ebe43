import { describeMatcher, matchValue } from '../query/matchers.ts';
import type { AttributeValue } from '../types.ts';
import type { LogLine, LogQuery } from './types.ts';

function fieldValue(json: Readonly<Record<string, unknown>> | undefined, path: string): AttributeValue | undefined {
  if (json === undefined) return undefined;
  if (path in json) return json[path] as AttributeValue;
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined,
      json,
    ) as AttributeValue | undefined;
}

/** True when the line satisfies every field of the query. */
export function matchLogLine(line: LogLine, query: LogQuery): boolean {
  if (query.json !== undefined && query.json !== (line.json !== undefined)) return false;
  if (query.traceId !== undefined && line.traceId !== query.traceId.toLowerCase()) return false;
  if (query.spanId !== undefined && line.spanId !== query.spanId.toLowerCase()) return false;
  if (query.correlationId !== undefined && line.correlationId !== query.correlationId) return false;
  if (query.service !== undefined && !matchValue(query.service, line.service)) return false;
  if (query.message !== undefined && !matchValue(query.message, line.message ?? (line.json ? undefined : line.raw))) {
    return false;
  }
  if (query.level !== undefined) {
    const levels = typeof query.level === 'string' ? [query.level] : query.level;
    if (line.level === undefined || !levels.includes(line.level)) return false;
  }
  return Object.entries(query.fields ?? {}).every(([path, matcher]) =>
    matchValue(matcher, fieldValue(line.json, path)),
  );
}

/** Renders a log query for messages. */
export function describeLogQuery(query: LogQuery): string {
  const parts = Object.entries(query).map(([key, value]) =>
    key === 'fields'
      ? Object.entries(value as Record<string, never>)
          .map(([path, m]) => `${path} ${describeMatcher(m)}`)
          .join(' ')
      : `${key} ${typeof value === 'string' || Array.isArray(value) ? `= ${JSON.stringify(value)}` : describeMatcher(value)}`,
  );
  return `log[${parts.join(' ')}]`;
}
