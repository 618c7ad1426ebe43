import { TraceAssertionError } from '../errors.ts';
import { checkCorrelationChain } from './check-correlation-chain.ts';
import type { CorrelationChainOptions, CorrelationChainResult } from './types.ts';
import { waitForChainEnding } from './wait-for-chain.ts';

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
  /**
   * The longest the system under test takes to export a span once it ended (its batch span processor's delay plus
   * the trip to the span source). Set, the chain fails this long (plus `failFastMs`) after evidence became due and
   * did not come, instead of at `timeoutMs`; the rules of what is due are ChainWaitOptions.exportDelayMs's (the same
   * as runTraceSpec's). Unset (the default), missing evidence waits out `timeoutMs`.
   */
  readonly exportDelayMs?: number;
  /** Cancels the wait: it rejects with the signal's reason and stops listening. */
  readonly signal?: AbortSignal;
}

/**
 * Re-checks the chain as spans, log lines and messages arrive (push-driven) and resolves once every hop is ok.
 * Rejects at once (after `failFastMs`) when a hop's evidence arrived and contradicts it, or, with `exportDelayMs`, when
 * due evidence stayed missing past that delay; waits out `timeoutMs` only for evidence that never arrives and was
 * never due; `signal` cancels the wait at once (rejecting with its reason).
 * @example await waitForCorrelationChain({ correlationId, hops, spans: receiver.store, logs, messages: tap, timeoutMs: 10_000 });
 */
export async function waitForCorrelationChain(
  options: WaitForCorrelationChainOptions,
): Promise<CorrelationChainResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const failFastMs = options.failFastMs ?? 1_000;
  const { result, timedOut } = await waitForChainEnding(options, {
    timeoutMs,
    failFastMs,
    ...(options.settleMs === undefined ? {} : { settleMs: options.settleMs }),
    ...(options.exportDelayMs === undefined ? {} : { exportDelayMs: options.exportDelayMs }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (result.ok) return result;
  throw chainError(
    result,
    endingPrefix(result, { timedOut, timeoutMs, failFastMs, exportDelayMs: options.exportDelayMs }),
  );
}

/** Why the wait ended on a broken chain: the timeout, a settled failure, or evidence missing past its export delay. */
function endingPrefix(
  result: CorrelationChainResult,
  ending: { timedOut: boolean; timeoutMs: number; failFastMs: number; exportDelayMs: number | undefined },
): string {
  if (ending.timedOut) return `after ${ending.timeoutMs} ms: `;
  if (result.firstBroken?.settled) return `settled after ${ending.failFastMs} ms: `;
  return `missing ${ending.exportDelayMs} ms (exportDelayMs) after it was due: `;
}
