import {
  type EffectContracts,
  effectContractNames,
  exchangeMatchesEffect,
  messageRuleNames,
  type RecordedExchange,
  requestContractName,
  type TappedMessage,
} from '@tracegate/trace-assertions';

/** How much recorded traffic each declared contract spoke about (a contract with none is reported as skipped). */
export function trafficCounts(
  contracts: EffectContracts,
  exchanges: readonly RecordedExchange[],
  messages: readonly TappedMessage[],
): Map<string, number> {
  const counts = new Map<string, number>(effectContractNames(contracts).map((name) => [name, 0]));
  for (const effect of contracts.requests ?? []) {
    const n = exchanges.filter((e) => exchangeMatchesEffect(e, effect)).length;
    for (const emit of effect.emits) counts.set(requestContractName(effect, emit.topic), n);
  }
  for (const rule of contracts.messages ?? []) {
    const n = messages.filter((m) => m.topic === rule.topic).length;
    for (const name of messageRuleNames(rule)) counts.set(name, n);
  }
  return counts;
}
