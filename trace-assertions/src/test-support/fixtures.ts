import { readFileSync } from 'node:fs';
import type { TappedMessage } from '../kafka/types.ts';
import { spansFromOtlp } from '../otlp/to-spans.ts';
import type { Span } from '../types.ts';

const FIXTURES = new URL('../../../fixtures/', import.meta.url);

/** Reads a file of the shared fixtures folder as text. */
export function fixtureText(path: string): string {
  return readFileSync(new URL(path, FIXTURES), 'utf8');
}

/** Loads an OTLP/JSON trace fixture (fixtures/traces/<name>.json) as normalized spans. */
export function fixtureSpans(name: string): Span[] {
  const result = spansFromOtlp(JSON.parse(fixtureText(`traces/${name}.json`)), { idEncoding: 'hex' });
  if (result.rejected > 0) throw new Error(`fixture ${name} has rejected spans: ${result.errors.join('; ')}`);
  return result.spans;
}

/** The trace ids of the order-flow fixture. */
export const ORDER_FLOW = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  batchTraceId: '5bf92f3577b34da6a3ce929d0e0e4737',
  producerSpanId: 'a000000000000004',
} as const;

/** The order-flow fixture's `orders.created` message: its traceparent and correlation id, unless `headers` replaces them. */
export function orderFlowMessage(
  headers: Record<string, string> = {
    traceparent: `00-${ORDER_FLOW.traceId}-${ORDER_FLOW.producerSpanId}-01`,
    'x-correlation-id': 'corr-123',
  },
): TappedMessage {
  return {
    topic: 'orders.created',
    partition: 0,
    offset: '7',
    key: 'o-1',
    headers,
    value: '{}',
    json: {},
    timestamp: 1,
  };
}
