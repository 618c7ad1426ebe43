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
  /**
   * The longest the system under test takes to export a span once it ended (its batch span processor's delay plus the
   * trip to the span source). Set, a chain whose first hop — an `http-server` span of a request already answered when
   * the wait begins — is still missing this long (plus `failFastMs`) is broken at once: that span ended before the
   * answer, so it is not coming. Unset, a missing span waits out `timeoutMs`.
   */
  readonly exportDelayMs?: number;
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

/** Whether the first broken hop is an answered request's server span that had time to arrive and did not. */
function answeredButMissing(
  result: CorrelationChainResult,
  waitedMs: number,
  exportDelayMs: number | undefined,
): boolean {
  const broken = result.firstBroken;
  return (
    exportDelayMs !== undefined &&
    broken?.index === 0 &&
    broken.hop.kind === 'http-server' &&
    broken.evidence.spanIds.length === 0 &&
    waitedMs >= exportDelayMs
  );
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
  const began = performance.now();
  // Re-checked without new evidence too, so a settled failure or a span past its export delay is reported in time.
  const pollMs = [failFastMs, wait.exportDelayMs ?? 0].filter((ms) => ms > 0);
  let failing: { key: string; since: number } | undefined;
  const check = (): WaitCheck<CorrelationChainResult> => {
    const result = checkCorrelationChain(options);
    if (result.ok) return { done: true, value: result };
    if (answeredButMissing(result, performance.now() - began - failFastMs, wait.exportDelayMs))
      return { done: true, value: result, final: true };
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
      ...(pollMs.length > 0 ? { pollIntervalMs: Math.min(...pollMs) } : {}),
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
