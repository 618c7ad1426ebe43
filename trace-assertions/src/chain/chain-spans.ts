import { findSpans } from '../query/find-spans.ts';
import { compareSpans } from '../query/span-index.ts';
import type { SpanStore } from '../store/span-store.ts';
import type { Span, SpanQuery } from '../types.ts';

/** The span lookups a chain check makes: each answered from the store's indexes when a store is given. */
export interface ChainSpans {
  /** The spans matching `query`, in start-time order; with `limit`, at most that many of them. */
  find(query: SpanQuery, limit?: number): readonly Span[];
  /** The spans of one trace, in start-time order. */
  trace(traceId: string): readonly Span[];
  /** The spans whose first present attribute among `names` is the string `id`, in start-time order. */
  carrying(names: readonly string[], id: string): readonly Span[];
}

/** The first string value among the attributes `names` (the span's correlation id), or undefined. */
export function spanCorrelation(span: Span, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = span.attributes[name];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

function fromList(spans: readonly Span[]): ChainSpans {
  const sorted = (list: Span[]) => list.sort(compareSpans);
  return {
    find: (query, limit) => findSpans(spans, query).slice(0, limit),
    trace: (traceId) => sorted(spans.filter((span) => span.traceId === traceId)),
    carrying: (names, id) => sorted(spans.filter((span) => spanCorrelation(span, names) === id)),
  };
}

// Each lookup names a trace id or an attribute value, so the store answers it from an index: the cost follows the
// chain's own spans, not the size of the store.
function fromStore(store: SpanStore): ChainSpans {
  return {
    find: (query, limit) => store.find(query, limit === undefined ? {} : { limit }),
    trace: (traceId) => store.find({ traceId }),
    carrying(names, id) {
      const found = new Set<Span>();
      for (const name of names) {
        for (const span of store.find({ attributes: { [name]: id } })) {
          if (spanCorrelation(span, names) === id) found.add(span);
        }
      }
      return [...found].sort(compareSpans);
    },
  };
}

/** Wraps a SpanStore (indexed lookups) or a list of spans (scanned, as given). */
export function chainSpans(source: SpanStore | readonly Span[]): ChainSpans {
  return Array.isArray(source) ? fromList(source as readonly Span[]) : fromStore(source as SpanStore);
}
