import { randomBytes, randomUUID } from 'node:crypto';
import { waitForCorrelationChain } from '../chain/assert-correlation-chain.ts';
import type { CorrelationLookup } from '../chain/types.ts';
import { isTraceAssertionError, TraceAssertionError } from '../errors.ts';
import type { KafkaTap } from '../kafka/tap-kafka.ts';
import type { TappedMessage } from '../kafka/types.ts';
import type { LogStore } from '../logs/log-store.ts';
import type { LogLine } from '../logs/types.ts';
import { countHolds } from '../query/check-trace.ts';
import type { OtlpReceiver } from '../receiver/start-otlp-receiver.ts';
import type { SpanStore } from '../store/span-store.ts';
import type { CorrelationChainResult, Trace } from '../types.ts';
import { evaluateSpanSpec } from './evaluate-spec.ts';
import { sendTrigger } from './trigger.ts';
import type { SpanSpecResult, TraceSpecDocument, TraceSpecResult } from './types.ts';

/** Options of runTraceSpec. */
export interface RunTraceSpecOptions {
  /** Base URL the trigger's `url` is resolved against, e.g. `http://127.0.0.1:3000`. */
  readonly baseUrl: string;
  /** Where spans arrive: a receiver, or its store (one of the two is required). */
  readonly receiver?: OtlpReceiver;
  readonly store?: SpanStore;
  /** Log lines for `log` hops of the chain. */
  readonly logs?: LogStore | readonly LogLine[];
  /** Kafka messages for the chain's Kafka header checks. */
  readonly messages?: KafkaTap | readonly TappedMessage[];
  /** Header that carries the correlation id (default `x-correlation-id`). */
  readonly correlationHeader?: string;
  /** Where the chain looks for the correlation id in spans and logs (the header defaults to correlationHeader). */
  readonly correlation?: CorrelationLookup;
  /** Use this correlation id instead of a generated one. */
  readonly correlationId?: string;
  /** Overrides the spec's timeoutMs. */
  readonly timeoutMs?: number;
}

function spanStoreOf(options: RunTraceSpecOptions): SpanStore {
  const store = options.store ?? options.receiver?.store;
  if (store === undefined)
    throw new TraceAssertionError('INVALID_ARGUMENT', 'runTraceSpec needs a receiver or a store');
  return store;
}

function notEvaluated(spec: TraceSpecDocument, reason: string): SpanSpecResult[] {
  return spec.specs.map((s) => ({
    selector: s.selector,
    ...(s.label !== undefined ? { label: s.label } : {}),
    ok: false,
    matched: 0,
    spanIds: [],
    failures: [{ check: 'trigger', message: `not evaluated: ${reason}` }],
  }));
}

/** Waits, push-driven, until every selector that needs a span matches and the trace settled; resolves on timeout too. */
async function settledTrace(
  store: SpanStore,
  spec: TraceSpecDocument,
  traceId: string,
  timeoutMs: number,
  signal: AbortSignal,
) {
  const until = spec.specs.filter((s) => !countHolds(s.count, 0)).map((s) => s.query);
  try {
    return await store.waitForTrace(traceId, { until, timeoutMs, settleMs: spec.settleMs, signal });
  } catch (error) {
    if (isTraceAssertionError(error, 'TRACE_TIMEOUT') || signal.aborted) return undefined;
    throw error;
  }
}

async function checkChain(
  spec: TraceSpecDocument,
  options: RunTraceSpecOptions,
  ids: { traceId: string; correlationId: string },
  timeoutMs: number,
): Promise<CorrelationChainResult | undefined> {
  if (spec.chain === undefined) return undefined;
  const correlation = { header: options.correlationHeader ?? 'x-correlation-id', ...options.correlation };
  try {
    return await waitForCorrelationChain({
      ...ids,
      hops: spec.chain,
      spans: spanStoreOf(options),
      ...(options.logs !== undefined ? { logs: options.logs } : {}),
      ...(options.messages !== undefined ? { messages: options.messages } : {}),
      correlation,
      timeoutMs: Math.max(1, timeoutMs),
    });
  } catch (error) {
    if (isTraceAssertionError(error, 'CHAIN_BROKEN')) return error.details.result as CorrelationChainResult;
    throw error;
  }
}

/**
 * Sends the spec's trigger with a fresh correlation id and traceparent, waits for the trace and checks every spec.
 * @example const result = await runTraceSpec(loadTraceSpec(yaml), { baseUrl, receiver });
 */
export async function runTraceSpec(spec: TraceSpecDocument, options: RunTraceSpecOptions): Promise<TraceSpecResult> {
  const started = performance.now();
  const store = spanStoreOf(options);
  const timeoutMs = options.timeoutMs ?? spec.timeoutMs;
  const traceId = randomBytes(16).toString('hex');
  const correlationId = options.correlationId ?? randomUUID();
  const abort = new AbortController();
  // Subscribed before the request goes out, so no span can arrive unseen.
  const waiting = settledTrace(store, spec, traceId, timeoutMs, abort.signal);
  const trigger = await sendTrigger(spec.trigger.http, {
    baseUrl: options.baseUrl,
    traceId,
    parentSpanId: randomBytes(8).toString('hex'),
    correlationId,
    correlationHeader: options.correlationHeader ?? 'x-correlation-id',
    timeoutMs,
  });
  if (trigger.status === undefined) abort.abort();
  await waiting;
  const trace: Trace = store.trace(traceId) ?? { traceId, spans: [] };
  const results =
    trigger.status === undefined
      ? notEvaluated(spec, trigger.error ?? 'the trigger failed')
      : spec.specs.map((s) => evaluateSpanSpec(trace, s));
  const remaining = timeoutMs - (performance.now() - started);
  const chain =
    trigger.status === undefined ? undefined : await checkChain(spec, options, { traceId, correlationId }, remaining);
  return {
    name: spec.name,
    ok: trigger.ok && results.every((r) => r.ok) && (chain?.ok ?? true),
    traceId,
    correlationId,
    trigger,
    results,
    ...(chain !== undefined ? { chain } : {}),
    durationMs: Math.round(performance.now() - started),
    ...(spec.source !== undefined ? { source: spec.source } : {}),
  };
}

/** Runs specs one after another (each with its own trace and correlation id). */
export async function runTraceSpecs(
  specs: readonly TraceSpecDocument[],
  options: RunTraceSpecOptions,
): Promise<TraceSpecResult[]> {
  const results: TraceSpecResult[] = [];
  for (const spec of specs) results.push(await runTraceSpec(spec, options));
  return results;
}
