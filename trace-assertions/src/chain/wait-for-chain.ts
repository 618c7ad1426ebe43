import type { KafkaTap } from '../kafka/tap-kafka.ts';
import type { LogStore } from '../logs/log-store.ts';
import type { SpanStore } from '../store/span-store.ts';
import { type WaitCheck, waitUntil } from '../wait/wait-until.ts';
import { checkCorrelationChain } from './check-correlation-chain.ts';
import type { CorrelationChainOptions, CorrelationChainResult, HopResult } from './types.ts';

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
   * come, instead of at `timeoutMs`. Evidence is due: the first hop's `http-server` span of a request already answered
   * when the wait began (that span ended before the answer); a `log` hop's line once its service's span hop just before
   * it was seen; a `kafka-publish` hop's producer span once the message it sent (this request's correlation header or
   * trace on the hop's topic) was first recorded; a `kafka-consume` hop's span once the same service's next publish hop
   * of the chain (before any other consume hop) had its message recorded. A consumer that has not yet reacted (lagging,
   * retrying) gives no such signal and waits out `timeoutMs`. Unset, missing evidence waits out `timeoutMs`.
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

/** When the wait began, when each hop was first seen ok, and when each publish hop's message was first seen. */
interface DueClock {
  readonly exportDelayMs: number | undefined;
  readonly began: number;
  readonly okAt: Map<number, number>;
  readonly sentAt: Map<number, number>;
}

/** Since when a broken hop's missing span or line is due, by one rule; undefined when the rule has no say. */
type DueRule = (broken: HopResult, hops: readonly HopResult[], clock: DueClock) => number | undefined;

const spanMissing = (hop: HopResult | undefined): boolean => hop !== undefined && hop.evidence.spanIds.length === 0;

/** The first hop's server span of a request answered before the wait began: it ended before the answer. */
const serverSpanDue: DueRule = (broken, _hops, clock) =>
  broken.index === 0 && broken.hop.kind === 'http-server' && spanMissing(broken) ? clock.began : undefined;

/** A service's log line once its span hop in the same service was seen: written while that span was open. */
const logLineDue: DueRule = (broken, hops, clock) => {
  const previous = hops[broken.index - 1];
  if (broken.hop.kind !== 'log' || previous?.status !== 'ok') return undefined;
  const sameService = 'service' in previous.hop && previous.hop.service === broken.hop.service;
  return sameService ? clock.okAt.get(previous.index) : undefined;
};

/** A producer span once the message it sent was recorded: the span ended around that send. */
const producerSpanDue: DueRule = (broken, _hops, clock) =>
  broken.hop.kind === 'kafka-publish' && spanMissing(broken) ? clock.sentAt.get(broken.index) : undefined;

/**
 * A consumer span once the consumer's own next message of the chain was recorded (the first later publish hop of the
 * same service, before any other consume hop): the message it sent in reaction, so that processing was done.
 */
const consumerSpanDue: DueRule = (broken, hops, clock) => {
  if (broken.hop.kind !== 'kafka-consume' || !spanMissing(broken)) return undefined;
  const service = broken.hop.service;
  for (const later of hops.slice(broken.index + 1)) {
    if (later.hop.kind === 'kafka-consume') return undefined;
    if (later.hop.kind === 'kafka-publish' && later.hop.service === service) return clock.sentAt.get(later.index);
  }
  return undefined;
};

const DUE_RULES: readonly DueRule[] = [serverSpanDue, logLineDue, producerSpanDue, consumerSpanDue];

/**
 * Whether the first broken hop is evidence that is due and did not come, given the declared export delay: see
 * {@link ChainWaitOptions.exportDelayMs} for the rules.
 */
function dueButMissing(result: CorrelationChainResult, now: number, clock: DueClock): boolean {
  const broken = result.firstBroken;
  if (clock.exportDelayMs === undefined || broken === undefined) return false;
  const delay = clock.exportDelayMs;
  return DUE_RULES.some((rule) => {
    const since = rule(broken, result.hops, clock);
    return since !== undefined && now - since >= delay;
  });
}

/** Notes when each hop of the verdict was first seen ok, and when each publish hop's message was first recorded. */
function noteEvidence(result: CorrelationChainResult, clock: DueClock, now: number): void {
  for (const hop of result.hops) {
    if (hop.status === 'ok' && !clock.okAt.has(hop.index)) clock.okAt.set(hop.index, now);
    const sent = hop.hop.kind === 'kafka-publish' && hop.evidence.headers !== undefined;
    if (sent && !clock.sentAt.has(hop.index)) clock.sentAt.set(hop.index, now);
  }
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
  const clock: DueClock = {
    exportDelayMs: wait.exportDelayMs,
    began: performance.now(),
    okAt: new Map(),
    sentAt: new Map(),
  };
  // Re-checked without new evidence too, so a settled failure or a span past its export delay is reported in time.
  const pollMs = [failFastMs, wait.exportDelayMs ?? 0].filter((ms) => ms > 0);
  let failing: { key: string; since: number } | undefined;
  const check = (): WaitCheck<CorrelationChainResult> => {
    const result = checkCorrelationChain(options);
    if (result.ok) return { done: true, value: result };
    const now = performance.now();
    noteEvidence(result, clock, now);
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
