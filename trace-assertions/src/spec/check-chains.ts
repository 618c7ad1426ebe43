import { evidenceScope, sameVerdict, storedEvidence } from '../chain/chain-evidence.ts';
import { chainOutcome } from '../chain/chain-outcome.ts';
import { checkCorrelationChain } from '../chain/check-correlation-chain.ts';
import type { CorrelationChainOptions, CorrelationChainResult, Hop, HopResult } from '../chain/types.ts';
import { waitForChainVerdict } from '../chain/wait-for-chain.ts';
import { TraceAssertionError } from '../errors.ts';
import type { SpanStore } from '../store/span-store.ts';
import type { Span } from '../types.ts';
import type { ChainSegment } from './types.ts';

/** How the chains of one spec run are checked: the evidence, and the bounds of each wait. */
export interface ChainContext {
  readonly base: Omit<CorrelationChainOptions, 'hops'>;
  readonly timeoutMs: number;
  readonly failFastMs?: number;
  /** See ChainWaitOptions.exportDelayMs. */
  readonly exportDelayMs?: number;
  readonly signal?: AbortSignal;
}

/** The evidence as arrays, so later traffic does not change what a re-check (proveTeeth) sees. */
function frozen(options: CorrelationChainOptions, result: CorrelationChainResult): CorrelationChainOptions {
  const { spans, logs, messages } = options;
  return {
    ...options,
    spans: Array.isArray(spans) ? spans : frozenSpans(options, result),
    ...(logs !== undefined ? { logs: 'lines' in logs ? logs.lines() : logs } : {}),
    ...(messages !== undefined ? { messages: 'messages' in messages ? messages.messages() : messages } : {}),
  };
}

/**
 * A store's spans as a re-check sees them: the chain's own evidence (the spans proveTeeth narrows to) when it gives
 * every hop the verdict the chain got, so the store reads and keeps only those; else every stored span.
 */
function frozenSpans(options: CorrelationChainOptions, result: CorrelationChainResult): readonly Span[] {
  const store = options.spans as SpanStore;
  const own = storedEvidence(store, evidenceScope(options, result));
  if (own !== undefined && sameVerdict(checkCorrelationChain({ ...options, spans: own }), result)) return own;
  return store.spans();
}

/** Waits for one chain (push-driven, failing fast on contradicting evidence); a broken chain is a verdict, not an error. */
function checkChain(hops: readonly Hop[], context: ChainContext): Promise<CorrelationChainResult> {
  return waitForChainVerdict(
    { ...context.base, hops },
    {
      timeoutMs: context.timeoutMs,
      ...(context.failFastMs !== undefined ? { failFastMs: context.failFastMs } : {}),
      ...(context.exportDelayMs !== undefined ? { exportDelayMs: context.exportDelayMs } : {}),
      ...(context.signal ? { signal: context.signal } : {}),
    },
  );
}

/** Waits for one chain and keeps it as a segment: its evidence frozen when the wait ended, its first hop's position. */
export async function checkSegment(hops: readonly Hop[], offset: number, context: ChainContext): Promise<ChainSegment> {
  const result = await checkChain(hops, context);
  return { offset, result, checked: frozen({ ...context.base, hops }, result) };
}

/** Checks the chains side by side (each waits on its own evidence: a broken one does not hold up the next). */
export function checkChains(chains: readonly (readonly Hop[])[], context: ChainContext): Promise<ChainSegment[]> {
  const offsets = chains.map((_, i) => chains.slice(0, i).reduce((sum, hops) => sum + hops.length, 0));
  return Promise.all(chains.map((hops, i) => checkSegment(hops, offsets[i] ?? 0, context)));
}

/** Chain waits started as the requests are answered; `segments` resolves with them in request order. */
export interface ChainWaits {
  /** Starts the answered request's chain, if it has one and the request succeeded. */
  readonly onAnswered: (index: number, answer: { readonly ok: boolean }) => void;
  readonly segments: () => Promise<ChainSegment[]>;
}

/**
 * Waits for each step's chain from the moment its request is answered, side by side with the later requests (an
 * `until` still polling does not hold up the trigger's chain). `steps[i]` is request i's chain; `context()` gives the
 * bounds as of the start (the time left of the run).
 */
export function startChainWaits(
  steps: readonly (readonly Hop[] | undefined)[],
  context: () => ChainContext,
): ChainWaits {
  const pending: Promise<ChainSegment>[] = [];
  return {
    onAnswered: (index, answer) => {
      const hops = steps[index];
      if (!answer.ok || hops === undefined) return;
      const offset = steps.slice(0, index).reduce((sum, chain) => sum + (chain?.length ?? 0), 0);
      const wait = checkSegment(hops, offset, context());
      // Observed here too: a run that fails before collecting its segments aborts these waits.
      wait.catch(() => undefined);
      pending.push(wait);
    },
    segments: () => Promise.all(pending),
  };
}

/** Joins the verdicts of consecutive segments into one chain; the first broken hop is the earliest across them. */
export function mergeChainResults(results: readonly CorrelationChainResult[]): CorrelationChainResult {
  if (results.length === 0) throw new TraceAssertionError('INVALID_ARGUMENT', 'no chain results to merge');
  const hops: HopResult[] = [];
  for (const result of results) {
    for (const hop of result.hops) hops.push({ ...hop, index: hops.length });
  }
  const correlationId = results.find((r) => r.correlationId !== undefined)?.correlationId;
  return chainOutcome(hops, { correlationId, traceIds: [...new Set(results.flatMap((r) => r.traceIds))] });
}
