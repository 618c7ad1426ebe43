import { chainOutcome } from '../chain/chain-outcome.ts';
import type { CorrelationChainOptions, CorrelationChainResult, Hop, HopResult } from '../chain/types.ts';
import { waitForChainVerdict } from '../chain/wait-for-chain.ts';
import { TraceAssertionError } from '../errors.ts';
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
function frozen(options: CorrelationChainOptions): CorrelationChainOptions {
  const { spans, logs, messages } = options;
  return {
    ...options,
    spans: Array.isArray(spans) ? spans : (spans as { spans(): CorrelationChainOptions['spans'] }).spans(),
    ...(logs !== undefined ? { logs: 'lines' in logs ? logs.lines() : logs } : {}),
    ...(messages !== undefined ? { messages: 'messages' in messages ? messages.messages() : messages } : {}),
  };
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

/**
 * Checks the chains side by side (each waits on its own evidence: a broken one does not hold up the next), each segment
 * with its evidence frozen when its wait ended and its first hop's position in the whole.
 */
export async function checkChains(chains: readonly (readonly Hop[])[], context: ChainContext): Promise<ChainSegment[]> {
  const offsets = chains.map((_, i) => chains.slice(0, i).reduce((sum, hops) => sum + hops.length, 0));
  return Promise.all(
    chains.map(async (hops, i) => {
      const result = await checkChain(hops, context);
      return { offset: offsets[i] ?? 0, result, checked: frozen({ ...context.base, hops }) };
    }),
  );
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
