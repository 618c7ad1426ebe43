import { outcome } from '../outcome.ts';
import type { ChainIssue, CorrelationChainResult, HopResult } from './types.ts';

/** The issue of one broken hop. */
function hopIssue(hop: HopResult): ChainIssue {
  const reason = hop.reason ?? 'no evidence';
  return {
    code: 'HOP_BROKEN',
    message: `hop ${hop.index + 1} (${hop.label}) broken: ${reason}`,
    path: `hops[${hop.index}]`,
    expected: hop.label,
    actual: reason.split('\n')[0] ?? reason,
    evidence: { ...hop.evidence, hop: hop.label, hopIndex: hop.index },
  };
}

/** A chain verdict from its checked hops: one issue per broken hop, the first of them named `firstBroken`. */
export function chainOutcome(
  hops: readonly HopResult[],
  ids: { readonly correlationId: string | undefined; readonly traceIds: readonly string[] },
): CorrelationChainResult {
  const broken = hops.filter((hop) => hop.status === 'broken');
  const firstBroken = broken[0];
  return outcome(broken.map(hopIssue), {
    ...(ids.correlationId !== undefined ? { correlationId: ids.correlationId } : {}),
    traceIds: ids.traceIds,
    hops,
    ...(firstBroken !== undefined ? { firstBroken } : {}),
  });
}
