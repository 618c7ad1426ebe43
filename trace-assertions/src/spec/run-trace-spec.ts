import { randomBytes, randomUUID } from 'node:crypto';
import type { TraceBackend } from '../backends/poll-backend.ts';
import type { CorrelationChainResult, CorrelationLookup } from '../chain/types.ts';
import { isTraceAssertionError, TraceAssertionError } from '../errors.ts';
import type { KafkaTap } from '../kafka/tap-kafka.ts';
import type { TappedMessage } from '../kafka/types.ts';
import type { LogStore } from '../logs/log-store.ts';
import type { LogLine } from '../logs/types.ts';
import { issuesOf, outcome } from '../outcome.ts';
import { countHolds } from '../query/check-trace.ts';
import type { OtlpReceiver } from '../receiver/start-otlp-receiver.ts';
import type { SpanStore } from '../store/span-store.ts';
import type { Trace } from '../types.ts';
import { mergeChainResults, startChainWaits } from './check-chains.ts';
import { evaluateSpanSpec } from './evaluate-spec.ts';
import { sendRequests } from './send-requests.ts';
import { backendSpanSource, storeSpanSource, type TraceSpanSource } from './span-source.ts';
import type {
  ChainSegment,
  RequestIssue,
  RequestResult,
  SpanSpecResult,
  SpecIssue,
  TraceSpecDocument,
  TraceSpecIssue,
  TraceSpecResult,
} from './types.ts';

/** Options of runTraceSpec. */
export interface RunTraceSpecOptions {
  /** Base URL requests are resolved against, e.g. `http://127.0.0.1:3000`, or one per service a request names. */
  readonly baseUrl: string | ((service: string | undefined) => string);
  /** Where spans arrive: a receiver, its store, or a trace backend polled for the spec's trace (one is required). */
  readonly receiver?: OtlpReceiver;
  readonly store?: SpanStore;
  readonly backend?: TraceBackend;
  /** Pause between backend fetches (default 500 ms). */
  readonly pollIntervalMs?: number;
  /** Log lines for `log` hops of the chain. */
  readonly logs?: LogStore | readonly LogLine[];
  /** Kafka messages for the chain's Kafka header checks. */
  readonly messages?: KafkaTap | readonly TappedMessage[];
  /** Header that carries the correlation id (default `x-correlation-id`). */
  readonly correlationHeader?: string;
  /** Where the chain looks for the correlation id in spans and logs (the header defaults to correlationHeader). */
  readonly correlation?: CorrelationLookup;
  /** Span attributes naming a Kafka hop's topic (see CorrelationChainOptions). */
  readonly topicAttributes?: readonly string[];
  /** Use this correlation id instead of a generated one. */
  readonly correlationId?: string;
  /** Overrides the spec's timeoutMs. */
  readonly timeoutMs?: number;
  /** How long a chain stays broken on contradicting evidence before it fails (default 1 000 ms). */
  readonly failFastMs?: number;
  /**
   * The longest the system takes to export a span once it ended; set, a chain whose evidence is still missing this long
   * after it became due (see ChainWaitOptions.exportDelayMs) fails then rather than at the timeout.
   */
  readonly exportDelayMs?: number;
  /** Aborting cancels every pending request and wait; runTraceSpec then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

function spanSourceOf(options: RunTraceSpecOptions, traceId: string, signal: AbortSignal): TraceSpanSource {
  if (options.backend !== undefined) {
    const poll = options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {};
    return backendSpanSource(options.backend, { traceId, signal, ...poll });
  }
  const store = options.store ?? options.receiver?.store;
  if (store === undefined)
    throw new TraceAssertionError('INVALID_ARGUMENT', 'runTraceSpec needs a receiver, a store or a backend');
  return storeSpanSource(store);
}

function notEvaluated(spec: TraceSpecDocument, reason: string): SpanSpecResult[] {
  return spec.specs.map((s) => {
    const failures: SpecIssue[] = [
      { code: 'NOT_EVALUATED', check: 'trigger', message: `not evaluated: ${reason}`, path: s.label ?? s.selector },
    ];
    const extra = { selector: s.selector, matched: 0, spanIds: [], failures };
    return outcome(failures, s.label !== undefined ? { ...extra, label: s.label } : extra);
  });
}

/** Waits, push-driven, until every selector that needs a span matches and the trace settled; resolves on timeout too. */
async function settledTrace(
  store: SpanStore,
  spec: TraceSpecDocument,
  traceId: string,
  timeoutMs: number,
  signal: AbortSignal,
) {
  if (spec.specs.length === 0) return undefined;
  const until = spec.specs.filter((s) => !countHolds(s.count, 0)).map((s) => s.query);
  try {
    return await store.waitForTrace(traceId, { until, timeoutMs, settleMs: spec.settleMs, signal });
  } catch (error) {
    if (isTraceAssertionError(error, 'TRACE_TIMEOUT') || signal.aborted) return undefined;
    throw error;
  }
}

function chainContext(options: RunTraceSpecOptions, store: SpanStore, ids: { traceId: string; correlationId: string }) {
  const correlation = { header: options.correlationHeader ?? 'x-correlation-id', ...options.correlation };
  return {
    ...ids,
    spans: store,
    ...(options.logs !== undefined ? { logs: options.logs } : {}),
    ...(options.messages !== undefined ? { messages: options.messages } : {}),
    ...(options.topicAttributes !== undefined ? { topicAttributes: options.topicAttributes } : {}),
    correlation,
  };
}

/** The chains to check: the trigger's, then each follow-up's, as far as the requests that start them succeeded. */
function chainsToCheck(spec: TraceSpecDocument, succeeded: number) {
  const steps = [{ chain: spec.chain }, ...(spec.followUps ?? [])].slice(0, succeeded);
  return steps.flatMap((step) => (step.chain !== undefined ? [step.chain] : []));
}

/**
 * Sends the spec's trigger (then its follow-ups) with a fresh correlation id and traceparent, waits for the trace
 * and checks every spec and chain.
 * @example const result = await runTraceSpec(loadTraceSpec(yaml), { baseUrl, receiver });
 */
export async function runTraceSpec(spec: TraceSpecDocument, options: RunTraceSpecOptions): Promise<TraceSpecResult> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? spec.timeoutMs;
  const ids = { traceId: randomBytes(16).toString('hex'), correlationId: options.correlationId ?? randomUUID() };
  const abort = new AbortController();
  const signal = options.signal ? AbortSignal.any([abort.signal, options.signal]) : abort.signal;
  const source = spanSourceOf(options, ids.traceId, signal);
  try {
    // Subscribed before the first request goes out, so no span can arrive unseen.
    const waiting = settledTrace(source.store, spec, ids.traceId, timeoutMs, signal);
    const steps = [spec.chain, ...(spec.followUps ?? []).map((step) => step.chain)];
    const chains = startChainWaits(steps, () => ({
      base: chainContext(options, source.store, ids),
      timeoutMs: timeoutMs - (performance.now() - started),
      ...(options.failFastMs !== undefined ? { failFastMs: options.failFastMs } : {}),
      ...(options.exportDelayMs !== undefined ? { exportDelayMs: options.exportDelayMs } : {}),
      signal,
    }));
    const answered = chains.onAnswered;
    const requests = await sendRequests(spec, { ...options, ...ids, timeoutMs, signal, onAnswered: answered });
    const [trigger] = requests;
    if (trigger?.status === undefined) abort.abort();
    await waiting;
    options.signal?.throwIfAborted();
    const trace: Trace = source.store.trace(ids.traceId) ?? { traceId: ids.traceId, spans: [] };
    const results =
      trigger?.status === undefined
        ? notEvaluated(spec, trigger?.error ?? 'the trigger failed')
        : spec.specs.map((s) => evaluateSpanSpec(trace, s));
    const segments = await chains.segments();
    return verdict(spec, { ...ids, started, results, segments, requests });
  } finally {
    abort.abort();
    await source.stop();
  }
}

function verdict(
  spec: TraceSpecDocument,
  run: Pick<TraceSpecResult, 'traceId' | 'correlationId' | 'results' | 'segments' | 'requests'> & { started: number },
): TraceSpecResult {
  const segments: readonly ChainSegment[] = run.segments ?? [];
  const requests = run.requests ?? [];
  const chain = segments.length <= 1 ? segments[0]?.result : mergeChainResults(segments.map((s) => s.result));
  const first = requests[0];
  const trigger = first
    ? {
        ok: first.ok,
        ...(first.status !== undefined ? { status: first.status } : {}),
        ...(first.error ? { error: first.error } : {}),
      }
    : { ok: false, error: 'no request sent' };
  const chainsOk = segments.length === chainsToCheck(spec, Number.MAX_SAFE_INTEGER).length && (chain?.ok ?? true);
  const ok =
    requests.every((r) => r.ok) &&
    requests.length === 1 + (spec.followUps?.length ?? 0) &&
    run.results.every((r) => r.ok) &&
    chainsOk;
  const extra = {
    name: spec.name,
    traceId: run.traceId,
    correlationId: run.correlationId,
    trigger,
    results: run.results,
    ...(chain !== undefined ? { chain } : {}),
    requests,
    segments,
    durationMs: Math.round(performance.now() - run.started),
    ...(spec.source !== undefined ? { source: spec.source } : {}),
  };
  return outcome(ok ? [] : specRunIssues(spec, { requests, results: run.results, chain }), extra);
}

/** Every issue of a failed run: its failed requests, its span specs' issues, its chain's broken hops. */
function specRunIssues(
  spec: TraceSpecDocument,
  run: {
    requests: readonly RequestResult[];
    results: readonly SpanSpecResult[];
    chain: CorrelationChainResult | undefined;
  },
): TraceSpecIssue[] {
  const issues: TraceSpecIssue[] = run.requests.flatMap((request, i): RequestIssue[] => {
    if (request.ok) return [];
    const path = i === 0 ? 'trigger' : `followUps[${i - 1}]`;
    const message = request.error ?? 'request failed';
    const actual = request.status !== undefined ? String(request.status) : 'no answer';
    return [{ code: 'REQUEST_FAILED', message, path, actual, evidence: { exchange: request.exchange } }];
  });
  const expected = 1 + (spec.followUps?.length ?? 0);
  if (issues.length === 0 && run.requests.length < expected)
    issues.push({ code: 'NOT_EVALUATED', message: `${run.requests.length} of ${expected} request(s) sent` });
  issues.push(...run.results.flatMap((result, i) => prefixed(issuesOf(result), `specs[${i}]`)));
  issues.push(...prefixed(run.chain ? issuesOf(run.chain) : [], 'chain'));
  if (issues.length === 0) issues.push({ code: 'NOT_EVALUATED', message: 'not every chain of the spec was checked' });
  return issues;
}

/** Issues with their path placed under `prefix`, e.g. `specs[0]: span[kind="server"]`. */
function prefixed<I extends TraceSpecIssue>(issues: readonly I[], prefix: string): I[] {
  const sep = prefix === 'chain' ? '.' : ': ';
  return issues.map((issue) => ({ ...issue, path: issue.path ? `${prefix}${sep}${issue.path}` : prefix }));
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
