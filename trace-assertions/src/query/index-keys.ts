import type { Literal, SpanQuery, ValueMatcher } from '../types.ts';

/** A field an index can answer: the trace id, service, name, kind, or the attribute `key`. */
export type IndexDimension = 'traceId' | 'service' | 'name' | 'kind' | 'attribute';

/** Spans whose `dimension` (loosely, as a string) equals one of `values` are the only ones that can match. */
export interface IndexKey {
  readonly dimension: IndexDimension;
  /** The attribute name, for the `attribute` dimension. */
  readonly key?: string;
  readonly values: readonly string[];
}

/** The key every loosely equal value shares: a primitive's string form (201 and "201" meet). */
export function looseKey(value: Literal): string {
  return String(value);
}

function isCondition(
  matcher: ValueMatcher,
): matcher is Exclude<ValueMatcher, Literal | RegExp | ((v: never) => boolean)> {
  return typeof matcher === 'object' && !(matcher instanceof RegExp);
}

/** The values an equality matcher admits, or undefined when the matcher is not an equality (regex, range, …). */
export function equalityValues(matcher: ValueMatcher | undefined): readonly string[] | undefined {
  if (matcher === undefined || typeof matcher === 'function' || matcher instanceof RegExp) return undefined;
  if (!isCondition(matcher)) return [looseKey(matcher)];
  // `exists: false` admits spans without the field, which no value bucket holds.
  if (matcher.exists === false) return undefined;
  if (matcher.eq !== undefined) return [looseKey(matcher.eq)];
  if (matcher.oneOf !== undefined) return [...new Set(matcher.oneOf.map(looseKey))];
  return undefined;
}

/** The index keys of a query's own filters (relations are answered by their own queries). */
export function indexKeys(query: SpanQuery): IndexKey[] {
  const keys: IndexKey[] = [];
  if (query.traceId !== undefined) keys.push({ dimension: 'traceId', values: [query.traceId.toLowerCase()] });
  const service = equalityValues(query.service);
  if (service !== undefined) keys.push({ dimension: 'service', values: service });
  const name = equalityValues(query.name);
  if (name !== undefined) keys.push({ dimension: 'name', values: name });
  if (query.kind !== undefined) {
    keys.push({ dimension: 'kind', values: typeof query.kind === 'string' ? [query.kind] : [...new Set(query.kind)] });
  }
  for (const [key, matcher] of Object.entries(query.attributes ?? {})) {
    const values = equalityValues(matcher);
    if (values !== undefined) keys.push({ dimension: 'attribute', key, values });
  }
  return keys;
}
