import type { CorrelationChainResult, HopResult } from '@tracegate/trace-assertions';
import type { HopConfig, ScenarioConfig } from '../../config/types.ts';

/** The chains of a scenario: the main one, then one per follow-up request that declares its own. */
export function chainSegments(scenario: ScenarioConfig): readonly (readonly HopConfig[])[] {
  return [scenario.chain, ...(scenario.then ?? []).flatMap((request) => (request.chain ? [request.chain] : []))];
}

/** Joins the verdicts of consecutive segments into one chain; the first broken hop is the earliest across segments. */
export function mergeChainResults(results: readonly CorrelationChainResult[]): CorrelationChainResult {
  const hops: HopResult[] = [];
  for (const result of results) {
    for (const hop of result.hops) hops.push({ ...hop, index: hops.length });
  }
  const firstBroken = hops.find((h) => h.status === 'broken');
  const correlationId = results.find((r) => r.correlationId !== undefined)?.correlationId;
  return {
    ok: results.every((r) => r.ok),
    ...(correlationId !== undefined ? { correlationId } : {}),
    traceIds: [...new Set(results.flatMap((r) => r.traceIds))],
    hops,
    ...(firstBroken ? { firstBroken } : {}),
  };
}
