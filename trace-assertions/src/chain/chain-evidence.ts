import { WireSpan } from '../otlp/wire-span.ts';
import { spanKey } from '../query/span-index.ts';
import { scannedFind, stateOf } from '../store/scanned-spans.ts';
import type { SpanStore } from '../store/span-store.ts';
import type { Span } from '../types.ts';
import type { CorrelationChainOptions, CorrelationChainResult } from './types.ts';

/** What a chain's own evidence is: the spans of its traces, spans linking into them, spans carrying its id. */
export interface EvidenceScope {
  readonly traces: ReadonlySet<string>;
  readonly correlationId: string | undefined;
  readonly attributeNames: readonly string[];
}

/** The span attributes a chain reads its correlation id from when the options name none. */
export const DEFAULT_SPAN_ATTRIBUTES: readonly string[] = ['correlation.id', 'app.correlation_id'];

/** The scope of a checked chain's evidence. */
export function evidenceScope(options: CorrelationChainOptions, result: CorrelationChainResult): EvidenceScope {
  return {
    traces: new Set(result.traceIds),
    correlationId: result.correlationId ?? options.correlationId,
    attributeNames: options.correlation?.spanAttributes ?? DEFAULT_SPAN_ATTRIBUTES,
  };
}

/** True when the span is part of the chain's own evidence: a run's other traffic cannot change a hop. */
export function isChainEvidence(span: Span, scope: EvidenceScope): boolean {
  const { traces, correlationId: id } = scope;
  return (
    traces.has(span.traceId) ||
    span.links.some((l) => traces.has(l.traceId)) ||
    (id !== undefined && scope.attributeNames.some((name) => span.attributes[name] === id))
  );
}

/** True when every hop of `rerun` has the status it has in `result`. */
export function sameVerdict(rerun: CorrelationChainResult, result: CorrelationChainResult): boolean {
  return rerun.hops.every((h, i) => h.status === result.hops[i]?.status);
}

/**
 * The chain's own evidence among the stored spans, in the order `store.spans()` lists them, found through the store's
 * indexes: only these spans are read and kept. Undefined for a SpanStore createSpanStore did not make.
 */
export function storedEvidence(store: SpanStore, scope: EvidenceScope): Span[] | undefined {
  const state = stateOf(store);
  if (state === undefined) return undefined;
  const carrying = carriers(store, scope);
  const spans: Span[] = [];
  for (const list of state.table.lists()) {
    for (const stored of list) {
      // A span kept as bytes has no links (a span with links is built on arrival).
      const candidate =
        scope.traces.has(stored.traceId) ||
        carrying.has(spanKey(stored.traceId, stored.spanId)) ||
        (!(stored instanceof WireSpan) && stored.links.some((l) => scope.traces.has(l.traceId)));
      if (!candidate) continue;
      const span = state.resolve(stored);
      if (isChainEvidence(span, scope)) spans.push(span);
    }
  }
  return spans;
}

// The keys of the spans an attribute index finds carrying the id (loosely equal, so a superset), none of them kept.
function carriers(store: SpanStore, scope: EvidenceScope): Set<string> {
  const keys = new Set<string>();
  const id = scope.correlationId;
  if (id === undefined) return keys;
  for (const name of scope.attributeNames) {
    for (const span of scannedFind(store, { attributes: { [name]: id } })) keys.add(spanKey(span.traceId, span.spanId));
  }
  return keys;
}
