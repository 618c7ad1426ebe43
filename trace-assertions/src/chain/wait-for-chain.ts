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
   * trip to the span source). Set, a chain fails this long (plus `failFastMs`) after evidence became due and did not
   * come, instead of at `timeoutMs`: its first hop's `http-server` span of a request already answered when the wait
   * began (that span ended before the answer), or a `log` hop whose preceding span hop in the same service was seen
   * that long ago. Unset, missing evidence waits out `timeoutMs`.
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

/**
 * Whether the first broken hop is evidence that is due and did not come, given the declared export delay: the server
 * span of a request answered before the wait began (it ended before the answer), or a service's log line whose
 * span hop in the same service arrived that long ago (the line was written while that span was open, and lines
 * travel faster than spans).
 */
function dueButMissing(result: CorrelationChainResult, now: number, since: DueClock): boolean {
  const broken = result.firstBroken;
  if (since.exportDelayMs === undefined || broken === undefined) return false;
  if (broken.index === 0)
    return (
      broken.hop.kind === 'http-server' &&
      broken.evidence.spanIds.length === 0 &&
      now - since.began >= since.exportDelayMs
    );
  const previous = result.hops[broken.index - 1];
  const okAt = since.okAt.get(broken.index - 1);
  return (
    broken.hop.kind === 'log' &&
    previous?.status === 'ok' &&
    'service' in previous.hop &&
    previous.hop.service === broken.hop.service &&
    okAt !== undefined &&
    now - okAt >= since.exportDelayMs
  );
}

/** When the wait began and when each hop was first seen ok, for {@link dueButMissing}. */
interface DueClock {
  readonly exportDelayMs: number | undefined;
  readonly began: number;
  readonly okAt: Map<number, number>;
}

/** Notes when each hop of the verdict was first seen ok. */
function noteOk(result: CorrelationChainResult, clock: DueClock, now: number): void {
  for (const hop of result.hops) if (hop.status === 'ok' && !clock.okAt.has(hop.index)) clock.okAt.set(hop.index, now);
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
  const clock: DueClock = { exportDelayMs: wait.exportDelayMs, began: performance.now(), okAt: new Map() };
  // Re-checked without new evidence too, so a settled failure or a span past its export delay is reported in time.
  const pollMs = [failFastMs, wait.exportDelayMs ?? 0].filter((ms) => ms > 0);
  let failing: { key: string; since: number } | undefined;
  const check = (): WaitCheck<CorrelationChainResult> => {
    const result = checkCorrelationChain(options);
    if (result.ok) return { done: true, value: result };
    const now = performance.now();
    noteOk(result, clock, now);
    if (dueButMissing(result, now - failFastMs, clock)) return { done: true, value: result, final: true };
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
