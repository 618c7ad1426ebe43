import type { QueryInput, SpanQuery } from '../types.ts';
import { parseSelector } from './selector-parser.ts';

const parsed = new Map<string, SpanQuery>();

/** Turns any QueryInput (object, builder or selector string) into a SpanQuery. */
export function toQuery(input: QueryInput): SpanQuery {
  if (typeof input === 'string') {
    let query = parsed.get(input);
    if (query === undefined) {
      query = parseSelector(input);
      if (parsed.size > 500) parsed.clear();
      parsed.set(input, query);
    }
    return query;
  }
  if ('toQuery' in input && typeof input.toQuery === 'function') return input.toQuery();
  return input as SpanQuery;
}
