import { checkCorrelationChain } from '../src/chain/check-correlation-chain.ts';
import type { Hop } from '../src/chain/types.ts';
import type { TappedMessage } from '../src/kafka/types.ts';
import { captureLogs } from '../src/logs/capture-logs.ts';
import { createSpanStore, type SpanStore } from '../src/store/span-store.ts';
import type { Span } from '../src/types.ts';
import { timeMs } from './time-ms.ts';
import type { Bench, BenchResult } from './types.ts';

/** Options of chainCheckBench. */
export interface ChainCheckOptions {
  /** Unrelated spans in the loaded store (other requests through the same services, topics and routes). */
  readonly unrelatedSpans?: number;
}

const HOPS: readonly Hop[] = [
  { kind: 'http-server', service: 'order-service', method: 'POST', route: '/orders' },
  { kind: 'kafka-publish', service: 'order-service', topic: 'orders.created' },
  { kind: 'kafka-consume', service: 'payment-service', topic: 'orders.created' },
  { kind: 'log', service: 'payment-service' },
  { kind: 'span', query: 'span[service.name="payment-service" name="payments.authorize"]' },
];
const SPANS_PER_REQUEST = 4;
const ROUNDS = 7;
const RESOURCES = {
  order: { 'service.name': 'order-service' },
  payment: { 'service.name': 'payment-service' },
};
const SCOPE = { name: 'bench', version: '1', attributes: {} };
const UNSET = Object.freeze({ code: 'unset' as const, message: '' });

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function span(r: number, i: number, fields: Partial<Span> & Pick<Span, 'name' | 'kind' | 'service'>): Span {
  const startTimeMs = 1_767_225_600_000 + r * 10 + i;
  const nanos = `${startTimeMs}000000`;
  return {
    traceId: hex(r + 1, 32),
    spanId: hex(r * SPANS_PER_REQUEST + i + 1, 16),
    resource: fields.service === 'order-service' ? RESOURCES.order : RESOURCES.payment,
    scope: SCOPE,
    startTimeMs,
    endTimeMs: startTimeMs + 1,
    startTimeUnixNano: nanos,
    endTimeUnixNano: nanos,
    durationMs: 1,
    status: UNSET,
    attributes: {},
    events: [],
    links: [],
    ...fields,
  };
}

/** The four spans of request `r`: HTTP server → Kafka producer → consumer → payment, tagged with `corr-<r>`. */
function requestSpans(r: number): Span[] {
  const id = (i: number) => hex(r * SPANS_PER_REQUEST + i + 1, 16);
  const correlation = { 'correlation.id': `corr-${r}` };
  const topic = { 'messaging.destination.name': 'orders.created', ...correlation };
  return [
    span(r, 0, {
      name: 'POST /orders',
      kind: 'server',
      service: 'order-service',
      attributes: { 'http.request.method': 'POST', 'http.route': '/orders', ...correlation },
    }),
    span(r, 1, {
      name: 'orders.created publish',
      kind: 'producer',
      service: 'order-service',
      parentSpanId: id(0),
      attributes: topic,
    }),
    span(r, 2, {
      name: 'orders.created process',
      kind: 'consumer',
      service: 'payment-service',
      parentSpanId: id(1),
      attributes: topic,
    }),
    span(r, 3, { name: 'payments.authorize', kind: 'internal', service: 'payment-service', parentSpanId: id(2) }),
  ];
}

function evidence(r: number) {
  const traceId = hex(r + 1, 32);
  const message: TappedMessage = {
    topic: 'orders.created',
    partition: 0,
    offset: String(r),
    key: `o-${r}`,
    headers: { traceparent: `00-${traceId}-${hex(r * SPANS_PER_REQUEST + 2, 16)}-01`, 'x-correlation-id': `corr-${r}` },
    value: '{}',
    timestamp: 1,
  };
  const line = { service: 'payment-service', msg: 'processing order', trace_id: traceId, correlation_id: `corr-${r}` };
  return { message, line };
}

function loadedStore(chainSpans: readonly Span[], unrelated: number): SpanStore {
  const store = createSpanStore({ maxSpans: unrelated + chainSpans.length, maxBytes: Number.MAX_SAFE_INTEGER });
  for (let r = 1; r * SPANS_PER_REQUEST <= unrelated; r += 1) store.add(requestSpans(r));
  store.add(chainSpans);
  return store;
}

function check(store: SpanStore, hops: readonly Hop[], expectOk: boolean): () => unknown {
  const { message, line } = evidence(0);
  const logs = captureLogs([line]);
  const options = { correlationId: 'corr-0', hops, spans: store, logs, messages: [message] };
  return () => {
    const result = checkCorrelationChain(options);
    if (result.ok !== expectOk) throw new Error(`chain check: expected ok=${expectOk}, got ${result.ok}`);
    return result;
  };
}

/** A ready-to-time check: a store of the chain's spans (all of them, or up to its producer) beside `unrelated` others. */
export function setup(unrelated: number, complete: boolean): () => unknown {
  const chain = requestSpans(0);
  return check(loadedStore(complete ? chain : chain.slice(0, 2), unrelated), HOPS, complete);
}

function result(name: string, loadedMs: number, emptyMs: number): BenchResult {
  const ratio = emptyMs / loadedMs;
  return {
    name,
    unit: 'ms/check',
    project: Number(loadedMs.toPrecision(3)),
    anchor: Number(emptyMs.toPrecision(3)),
    ratio: Number(ratio.toPrecision(3)),
    goal: '≤ 1.2× the check on a store of only its own spans (ratio ≥ 0.83)',
    met: loadedMs / emptyMs <= 1.2,
  };
}

/**
 * checkCorrelationChain over a store holding only the chain's spans (the anchor) and over one that also holds
 * `unrelatedSpans` spans of other requests through the same services: the whole chain present, and the chain
 * still waiting for its consumer (the check a wait re-runs on every arrival).
 */
export function chainCheckBench(options: ChainCheckOptions = {}): Bench {
  const unrelated = options.unrelatedSpans ?? 50_000;
  return {
    name: `correlation-chain check, store of ${unrelated.toLocaleString('en-US')} unrelated spans vs empty`,
    async run(): Promise<BenchResult[]> {
      const chain = requestSpans(0);
      const partial = chain.slice(0, 2);
      const cases = [
        { name: 'complete chain (5 hops)', spans: chain, ok: true },
        { name: 'chain waiting for its consumer', spans: partial, ok: false },
      ];
      const results: BenchResult[] = [];
      for (const c of cases) {
        const empty = check(loadedStore(c.spans, 0), HOPS, c.ok);
        const loaded = check(loadedStore(c.spans, unrelated), HOPS, c.ok);
        let emptyMs = Number.POSITIVE_INFINITY;
        let loadedMs = Number.POSITIVE_INFINITY;
        // Alternating rounds, best of each: another process's burst on a shared machine hits one round, not one side.
        for (let round = 0; round < ROUNDS; round += 1) {
          emptyMs = Math.min(emptyMs, timeMs(empty));
          loadedMs = Math.min(loadedMs, timeMs(loaded));
        }
        results.push(
          result(`correlation-chain check, ${c.name}: ${unrelated} unrelated spans vs none`, loadedMs, emptyMs),
        );
      }
      return results;
    },
  };
}
