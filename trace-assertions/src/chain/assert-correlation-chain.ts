import { TraceAssertionError } from '../errors.ts';
import type { KafkaTap } from '../kafka/tap-kafka.ts';
import type { LogStore } from '../logs/log-store.ts';
import type { SpanStore } from '../store/span-store.ts';
import { checkCorrelationChain } from './check-correlation-chain.ts';
import type { CorrelationChainOptions, CorrelationChainResult } from './types.ts';

const MARK = { ok: '✓', broken: '✗', 'not-checked': '–' } as const;

/** Renders a chain result as one line per hop, with the reason under each broken one. */
export function formatChain(result: CorrelationChainResult): string {
  const lines = [
    `correlation id ${result.correlationId ?? '(unknown)'}; traces ${result.traceIds.join(', ') || '(none)'}`,
  ];
  for (const hop of result.hops) {
    const ids = hop.evidence.spanIds.length ? ` span ${hop.evidence.spanIds.join(', ')}` : '';
    const logs = hop.evidence.logLines.length ? ` ${hop.evidence.logLines.length} log line(s)` : '';
    lines.push(`  ${MARK[hop.status]} ${hop.index + 1}. ${hop.label}${ids}${logs}`);
    if (hop.reason) lines.push(...hop.reason.split('\n').map((line) => `       ${line}`));
    for (const note of hop.notes) lines.push(`       note: ${note}`);
  }
  return lines.join('\n');
}

function chainError(result: CorrelationChainResult, prefix = ''): TraceAssertionError {
  const broken = result.firstBroken;
  const head = broken
    ? `correlation chain broken at hop ${broken.index + 1} (${broken.label}): ${broken.reason?.split('\n')[0] ?? ''}`
    : 'correlation chain broken';
  return new TraceAssertionError('CHAIN_BROKEN', `${prefix}${head}\n${formatChain(result)}`, { details: { result } });
}

/** Throwing variant of checkCorrelationChain: CHAIN_BROKEN naming the first broken hop and why. */
export function assertCorrelationChain(options: CorrelationChainOptions): CorrelationChainResult {
  const result = checkCorrelationChain(options);
  if (!result.ok) throw chainError(result);
  return result;
}

/** Options of waitForCorrelationChain. */
export interface WaitForCorrelationChainOptions extends CorrelationChainOptions {
  /** Give up after this long (default 10 000 ms), throwing CHAIN_BROKEN with the last verdict; only evidence that never arrives waits this long. */
  readonly timeoutMs?: number;
  /** Re-check this long after the last arrival before resolving (default 100 ms). */
  readonly settleMs?: number;
  /** Fail once the first broken hop has been broken on contradicting evidence this long, unchanged (default 1 000 ms; 0 waits out the timeout). */
  readonly failFastMs?: number;
}

function subscribe(options: CorrelationChainOptions, onChange: () => void): () => void {
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
function settledFailure(result: CorrelationChainResult): string | undefined {
  const broken = result.firstBroken;
  return broken?.settled ? `${broken.index}:${broken.reason ?? ''}` : undefined;
}

/**
 * Re-checks the chain as spans, log lines and messages arrive (push-driven) and resolves once every hop is ok.
 * Rejects at once (after `failFastMs`) when a hop's evidence arrived and contradicts it; waits out `timeoutMs` only for evidence that never arrives.
 * @example await waitForCorrelationChain({ correlationId, hops, spans: receiver.store, logs, messages: tap, timeoutMs: 10_000 });
 */
export function waitForCorrelationChain(options: WaitForCorrelationChainOptions): Promise<CorrelationChainResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const settleMs = options.settleMs ?? 100;
  const failFastMs = options.failFastMs ?? 1_000;
  return new Promise((resolve, reject) => {
    let settle: NodeJS.Timeout | undefined;
    let failing: { key: string; timer: NodeJS.Timeout } | undefined;
    const fail = (prefix: string) => {
      cleanup();
      reject(chainError(checkCorrelationChain(options), prefix));
    };
    const watchSettled = (result: CorrelationChainResult) => {
      const key = failFastMs > 0 ? settledFailure(result) : undefined;
      if (key === failing?.key) return;
      clearTimeout(failing?.timer);
      failing = key === undefined ? undefined : { key, timer: setTimeout(() => recheckSettled(key), failFastMs) };
    };
    const recheckSettled = (key: string) => {
      if (settledFailure(checkCorrelationChain(options)) === key) fail(`settled after ${failFastMs} ms: `);
    };
    const check = () => {
      clearTimeout(settle);
      const result = checkCorrelationChain(options);
      watchSettled(result);
      if (!result.ok) return;
      settle = setTimeout(() => {
        if (!checkCorrelationChain(options).ok) return;
        cleanup();
        resolve(checkCorrelationChain(options));
      }, settleMs);
    };
    const unsubscribe = subscribe(options, check);
    const timer = setTimeout(() => fail(`after ${timeoutMs} ms: `), timeoutMs);
    const cleanup = () => {
      unsubscribe();
      clearTimeout(timer);
      clearTimeout(settle);
      clearTimeout(failing?.timer);
    };
    check();
  });
}
