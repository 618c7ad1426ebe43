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
  /** Give up after this long (default 10 000 ms), throwing CHAIN_BROKEN with the last verdict. */
  readonly timeoutMs?: number;
  /** Re-check this long after the last arrival before resolving (default 100 ms). */
  readonly settleMs?: number;
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

/**
 * Re-checks the chain as spans, log lines and messages arrive (push-driven) and resolves once every hop is ok.
 * @example await waitForCorrelationChain({ correlationId, hops, spans: receiver.store, logs, messages: tap, timeoutMs: 10_000 });
 */
export function waitForCorrelationChain(options: WaitForCorrelationChainOptions): Promise<CorrelationChainResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const settleMs = options.settleMs ?? 100;
  return new Promise((resolve, reject) => {
    let settle: NodeJS.Timeout | undefined;
    const check = () => {
      clearTimeout(settle);
      if (!checkCorrelationChain(options).ok) return;
      settle = setTimeout(() => {
        const result = checkCorrelationChain(options);
        if (!result.ok) return;
        cleanup();
        resolve(result);
      }, settleMs);
    };
    const unsubscribe = subscribe(options, check);
    const timer = setTimeout(() => {
      cleanup();
      reject(chainError(checkCorrelationChain(options), `after ${timeoutMs} ms: `));
    }, timeoutMs);
    const cleanup = () => {
      unsubscribe();
      clearTimeout(timer);
      clearTimeout(settle);
    };
    check();
  });
}
