import {
  type EffectContracts,
  headerValue,
  parseTraceparent,
  type Span,
  type SpanStore,
  scannedFind,
  type TappedMessage,
} from '@tracegate/trace-assertions';

/**
 * The spans the traceparents of the trace-context rules' messages name, each found by its trace and span id: the only
 * spans of the store the effect contracts read (and so the only ones it keeps for them).
 */
export function producerSpans(
  store: SpanStore,
  messages: readonly TappedMessage[],
  contracts: EffectContracts,
): Span[] {
  const topics = new Set((contracts.messages ?? []).filter((rule) => rule.traceContext).map((rule) => rule.topic));
  const found = new Map<string, Span>();
  for (const message of messages) {
    if (!topics.has(message.topic)) continue;
    const parent = parseTraceparent(headerValue(message, 'traceparent'));
    if (parent === undefined || found.has(parent.parentId)) continue;
    const [span] = store.find({ traceId: parent.traceId, spanId: parent.parentId });
    if (span !== undefined) found.set(parent.parentId, span);
  }
  return [...found.values()];
}

/** The consumer spans of `service`, found through the store's indexes and read for this call alone (none kept). */
export function consumerSpans(store: SpanStore, service: string): Span[] {
  return scannedFind(store, { kind: 'consumer', service });
}
