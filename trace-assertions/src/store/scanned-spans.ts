import type { QueryInput, Span, Trace } from '../types.ts';
import type { SpanStore } from './span-store.ts';
import type { StoredSpans } from './stored-spans.ts';

// The state behind each store createSpanStore made, for the receiver's spans kept as bytes.
const states = new WeakMap<SpanStore, StoredSpans>();

/** Records the state behind a store createSpanStore made. */
export function keepState(store: SpanStore, state: StoredSpans): void {
  states.set(store, state);
}

/** The state behind a store createSpanStore made; undefined for any other SpanStore. */
export function stateOf(store: SpanStore): StoredSpans | undefined {
  return states.get(store);
}

/**
 * Every stored span, for readers that hand no span out (a message, a verdict): spans not read before are read for this
 * call only, so a store createSpanStore made keeps nothing more. Any other SpanStore answers with its `spans()`.
 * @example const servers = scannedSpans(receiver.store).filter((span) => span.kind === 'server').length
 */
export function scannedSpans(store: SpanStore): Span[] {
  const state = states.get(store);
  if (state === undefined) return store.spans();
  return [...state.table.lists()].flatMap((spans) => spans.map((stored) => state.peek(stored)));
}

/**
 * The stored spans matching a query (as `store.find`), for readers that hand none of them out (a count, a verdict):
 * spans not read before are read for this call only, so a store createSpanStore made keeps nothing more.
 * @example const consumers = scannedFind(receiver.store, { kind: 'consumer', service: 'payment-service' }).length
 */
export function scannedFind(store: SpanStore, query: QueryInput): Span[] {
  const state = states.get(store);
  return state === undefined ? store.find(query) : state.index.scan(() => store.find(query));
}

/** Every stored trace, read as scannedSpans reads spans. */
export function scannedTraces(store: SpanStore): Trace[] {
  const state = states.get(store);
  if (state === undefined) return store.traces();
  return [...state.table.traceIds()].map((traceId) => scannedTraceOf(state, traceId) as Trace);
}

/** One stored trace (as `store.trace`), read as scannedSpans reads spans. */
export function scannedTrace(store: SpanStore, traceId: string): Trace | undefined {
  const state = states.get(store);
  return state === undefined ? store.trace(traceId) : scannedTraceOf(state, traceId.toLowerCase());
}

function scannedTraceOf(state: StoredSpans, traceId: string): Trace | undefined {
  const spans = state.table.spansOf(traceId);
  return spans === undefined ? undefined : { traceId, spans: spans.map((stored) => state.peek(stored)) };
}
