import type { QueryInput, Span } from '../types.ts';

/** How a span store answers the query functions given it as their source, without handing out every span it holds. */
export interface StoreReads {
  /** The spans matching a query, as the store's own `find` answers (in start-time order). */
  find(query: QueryInput): Span[];
  /** Every stored span, those not kept before read for this call only. */
  scan(): readonly Span[];
}

// A store registers its reads here, so query/ answers from its indexes without depending on store/.
const registered = new WeakMap<object, StoreReads>();

/** Registers how a store answers findSpans and nearestSpans. */
export function provideStoreReads(store: object, reads: StoreReads): void {
  registered.set(store, reads);
}

/** The reads a store registered; undefined for a trace, a span list or a store that registered none. */
export function storeReadsOf(source: unknown): StoreReads | undefined {
  return typeof source === 'object' && source !== null ? registered.get(source) : undefined;
}
