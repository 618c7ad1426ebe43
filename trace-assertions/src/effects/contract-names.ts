import type { EffectContracts, MessageRule, RequestEffect } from './types.ts';

/** The name (issue `path`) of one emitted effect of a request effect. */
export function requestContractName(effect: RequestEffect, topic: string): string {
  return `${effect.method.toUpperCase()} ${effect.path} → ${topic}`;
}

/** The name (issue `path`) of a message rule's `partitioner` rule. */
export function partitionRuleName(rule: MessageRule): string {
  return `${rule.topic}: partition`;
}

/** The names (issue `path`s) of the rules one message rule declares. */
export function messageRuleNames(rule: MessageRule): string[] {
  return [
    ...(rule.key ? [`${rule.topic}: key`] : []),
    ...(rule.entity ? [`${rule.topic}: ${rule.entity}`] : []),
    ...(rule.orderBy && rule.orderBy !== rule.entity ? [`${rule.topic}: ${rule.orderBy}`] : []),
    ...(rule.traceContext ? [`${rule.topic}: headers.traceparent`] : []),
    ...(rule.partitioner ? [partitionRuleName(rule)] : []),
  ];
}

/** Every contract name a declaration yields, in order; each issue's `path` is one of them. */
export function effectContractNames(contracts: EffectContracts): string[] {
  return [
    ...(contracts.requests ?? []).flatMap((r) => r.emits.map((e) => requestContractName(r, e.topic))),
    ...(contracts.messages ?? []).flatMap(messageRuleNames),
  ];
}
