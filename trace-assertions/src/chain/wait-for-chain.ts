import type { KafkaTap } from '../kafka/tap-kafka.ts';
import type { LogStore } from '../logs/log-store.ts';
import type { SpanStore } from '../store/span-store.ts';
import { type WaitCheck, waitUntil } from '../wait/wait-until.ts';
import { checkCorrelationChain } from './check-correlation-chain.ts';
import type { CorrelationChainOptions, CorrelationChainResult } from './types.ts';

/** Bounds of waitForChainVerdict (defaults as waitForCorrelationChain's). */
export interface ChainWaitOptions {
  readonly timeoutMs: number;
  /** Resolve an ok chain only once it stayed ok this long (default 100 ms). */
  readonly settleMs?: number;
  /** Resolve a broken chain once the same hop stayed broken on contradicting evidence this long (default 1 000 ms; 0: never early). */
  readonly failFastMs?: number;
  readonly signal?: AbortSignal;
}

const TIMED_OUT = Symbol('chain wait timed out');

function subscribeAll(options: CorrelationChainOptions, onChange: () => void): () => void {
  const offs: Array<() => void> = [];
  if (!Array.isArray(options.spans)) offs.push((options.spans as SpanStore).onSpans(onChange));
  if (options.logs !== undefined && !Array.isArray(options.logs))
    offs.push((options.logs as LogStore).onLine(onChange));
  if (options.messages !== undefined && !Array.isArray(options.messages))
    offs.push((options.messages as KafkaTap).onMessage(onChange));
  return () => {
    for (const off of offs) off();
  };
}

/** What identifies a settled failure: the same hop broken for the same reason. */
function settledKey(result: CorrelationChainResult): string | undefined {
  const broken = result.firstBroken;
  return broken?.settled ? `${broken.index}:${broken.reason ?? ''}` : undefined;
}

/**
 * Re-checks a chain as spans, log lines and messages arrive and resolves with its verdict — ok once it held for
 * `settleMs`, broken once a settled failure held for `failFastMs`, else the verdict at `timeoutMs` — never rejecting
 * for a broken chain. waitForCorrelationChain's policy on the shared wait, so `signal` cancels it at once.
 * @example const result = await waitForChainVerdict({ traceId, hops, spans: store, logs }, { timeoutMs: 10_000, signal });
 */
export async function waitForChainVerdict(
  options: CorrelationChainOptions,
  wait: ChainWaitOptions,
): Promise<CorrelationChainResult> {
  return (await waitForChainEnding(options, wait)).result;
}

/** {@link waitForChainVerdict}, also saying whether the wait ran out (rather than holding or failing fast). */
export async function waitForChainEnding(
  options: CorrelationChainOptions,
  wait: ChainWaitOptions,
): Promise<{ result: CorrelationChainResult; timedOut: boolean }> {
  const failFastMs = wait.failFastMs ?? 1_000;
  let failing: { key: string; since: number } | undefined;
  const check = (): WaitCheck<CorrelationChainResult> => {
    const result = checkCorrelationChain(options);
    if (result.ok) return { done: true, value: result };
    const key = failFastMs > 0 ? settledKey(result) : undefined;
    if (key === undefined || key !== failing?.key) {
      failing = key === undefined ? undefined : { key, since: performance.now() };
      return { done: false };
    }
    return performance.now() - failing.since >= failFastMs
      ? { done: true, value: result, final: true }
      : { done: false };
  };
  try {
    const result = await waitUntil({
      subscribe: (onChange) => subscribeAll(options, onChange),
      // Re-checked without new evidence too, so a settled failure is reported once it held for failFastMs.
      ...(failFastMs > 0 ? { pollIntervalMs: failFastMs } : {}),
      check,
      timeoutMs: Math.max(1, wait.timeoutMs),
      settleMs: wait.settleMs ?? 100,
      ...(wait.signal ? { signal: wait.signal } : {}),
      onTimeout: () => TIMED_OUT,
    });
    return { result, timedOut: false };
  } catch (error) {
    if (error === TIMED_OUT) return { result: checkCorrelationChain(options), timedOut: true };
    throw error;
  }
}
