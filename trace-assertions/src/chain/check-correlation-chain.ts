import type { KafkaTap } from '../kafka/tap-kafka.ts';
import type { TappedMessage } from '../kafka/types.ts';
import type { LogStore } from '../logs/log-store.ts';
import type { LogLine } from '../logs/types.ts';
import { scannedSpans } from '../store/scanned-spans.ts';
import type { SpanStore } from '../store/span-store.ts';
import type { Span } from '../types.ts';
import { chainOutcome } from './chain-outcome.ts';
import { chainSpans } from './chain-spans.ts';
import { type ChainStart, discoverCorrelation } from './discover.ts';
import { hopLabel } from './hop-query.ts';
import { checkLogHop } from './log-evidence.ts';
import { checkSpanHop } from './span-hop.ts';
import type { CorrelationChainOptions, CorrelationChainResult, HopResult } from './types.ts';

/** Reads the log lines and messages out of stores or arrays. */
function evidenceInputs(options: CorrelationChainOptions): {
  logs: readonly LogLine[] | undefined;
  messages: readonly TappedMessage[] | undefined;
} {
  const logs =
    options.logs === undefined
      ? undefined
      : Array.isArray(options.logs)
        ? options.logs
        : (options.logs as LogStore).lines();
  const messages =
    options.messages === undefined
      ? undefined
      : Array.isArray(options.messages)
        ? options.messages
        : (options.messages as KafkaTap).messages();
  return { logs, messages };
}

/** Reads the spans, log lines and messages out of stores or arrays (a store keeps none of the spans read for this). */
export function chainInputs(options: CorrelationChainOptions): {
  spans: readonly Span[];
  logs: readonly LogLine[] | undefined;
  messages: readonly TappedMessage[] | undefined;
} {
  const spans = Array.isArray(options.spans)
    ? (options.spans as readonly Span[])
    : scannedSpans(options.spans as SpanStore);
  return { spans, ...evidenceInputs(options) };
}

/**
 * Checks, hop by hop, that one request's trace context and correlation id travelled through spans, Kafka headers and logs.
 * @example
 * checkCorrelationChain({ correlationId, spans: receiver.store, logs, messages: tap, hops: [
 *   { kind: 'http-server', service: 'order-service' },
 *   { kind: 'kafka-publish', service: 'order-service', topic: 'orders.created' },
 *   { kind: 'kafka-consume', service: 'payment-service', topic: 'orders.created' },
 *   { kind: 'log', service: 'payment-service' },
 * ] })
 */
export function checkCorrelationChain(options: CorrelationChainOptions): CorrelationChainResult {
  const inputs = { ...evidenceInputs(options), spans: chainSpans(options.spans) };
  const header = options.correlation?.header ?? 'x-correlation-id';
  const attributeNames = options.correlation?.spanAttributes ?? ['correlation.id', 'app.correlation_id'];
  const context: ChainContext = { options, inputs, header, attributeNames, logField: options.correlation?.logField };
  const start = discoverCorrelation({ ...inputs, options, header, attributeNames, logField: context.logField });
  let best = checkFrom(start, context);
  // Several traces carry the id: the chain holds when it holds in one; otherwise report the one that got furthest.
  for (const traceId of start.alternatives ?? []) {
    if (best.ok) break;
    const other = checkFrom({ ...start, traceId }, context);
    if (progress(other) > progress(best)) best = other;
  }
  return best;
}

const progress = (result: CorrelationChainResult): number => result.firstBroken?.index ?? Number.POSITIVE_INFINITY;

interface ChainContext {
  readonly options: CorrelationChainOptions;
  readonly inputs: {
    readonly spans: ReturnType<typeof chainSpans>;
    readonly logs: readonly LogLine[] | undefined;
    readonly messages: readonly TappedMessage[] | undefined;
  };
  readonly header: string;
  readonly attributeNames: readonly string[];
  readonly logField: string | undefined;
}

/** A log hop's result: lines of the chain's traces carrying its correlation id. */
function logHopResult(
  base: Pick<HopResult, 'hop' | 'index' | 'label' | 'notes'>,
  logs: readonly LogLine[] | undefined,
  expect: { traceIds: ReadonlySet<string>; correlationId: string | undefined; field: string | undefined },
): HopResult {
  const empty = { spanIds: [], traceIds: [], logLines: [] };
  if (logs === undefined) return { ...base, status: 'not-checked', evidence: empty, reason: 'no logs given' };
  const result = checkLogHop(base.hop as Extract<HopResult['hop'], { kind: 'log' }>, logs, expect);
  return {
    ...base,
    status: result.ok ? 'ok' : 'broken',
    evidence: { ...empty, traceIds: [...expect.traceIds], logLines: result.lines },
    ...(result.reason ? { reason: result.reason } : {}),
    // Lines of this request arrived and contradict the chain: no later line can repair them.
    ...(!result.ok && result.lines.length > 0 ? { settled: true } : {}),
  };
}

/** Checks every hop from the chain's starting trace. */
function checkFrom(start: ChainStart, context: ChainContext): CorrelationChainResult {
  const { options, inputs, header, attributeNames, logField } = context;
  const chainTraceIds = new Set<string>(start.traceId === undefined ? [] : [start.traceId]);
  const hops: HopResult[] = [];
  let previous: Span | undefined;
  for (const [index, hop] of options.hops.entries()) {
    const base = { hop, index, label: hopLabel(hop), notes: [] as string[] };
    const empty = { spanIds: [], traceIds: [], logLines: [] };
    if (hop.kind === 'log') {
      hops.push(
        logHopResult(base, inputs.logs, {
          traceIds: chainTraceIds,
          correlationId: start.correlationId,
          field: logField,
        }),
      );
      continue;
    }
    if (start.traceId === undefined) {
      hops.push({ ...base, status: 'broken', evidence: empty, reason: start.reason });
      continue;
    }
    const outcome = checkSpanHop(hop, {
      spans: inputs.spans,
      messages: inputs.messages,
      previous,
      startTraceId: start.traceId,
      correlationId: start.correlationId,
      attributeNames,
      header,
      followLinks: options.followLinks ?? true,
      topicAttributes: options.topicAttributes ?? [],
    });
    if (outcome.span !== undefined) {
      previous = outcome.span;
      chainTraceIds.add(outcome.span.traceId);
    }
    hops.push({ ...base, ...outcome.result, notes: outcome.notes });
  }
  return chainOutcome(hops, { correlationId: start.correlationId, traceIds: [...chainTraceIds] });
}
