import { checkMessageRules } from './check-message-rules.ts';
import { checkRequestEffects } from './check-request-effects.ts';
import type { CheckEffectsOptions, EffectsResult } from './types.ts';

/**
 * Checks declared effect contracts against everything a run recorded: every accepted request caused its messages,
 * every message keeps its key, partition, order and trace-context rules.
 * @example
 * checkEffects({ exchanges, messages: tap.messages(), spans: store.spans(), contracts: {
 *   requests: [{ method: 'POST', path: '/orders', emits: [{ topic: 'order.created', where: { 'value.orderId': 'response.body.id' } }] }],
 *   messages: [{ topic: 'order.created', key: 'value.orderId', traceContext: true }],
 * } })
 */
export function checkEffects(options: CheckEffectsOptions): EffectsResult {
  const issues = [
    ...checkRequestEffects(options.contracts.requests ?? [], options.exchanges, options.messages),
    ...checkMessageRules(options.contracts.messages ?? [], options.messages, options.spans ?? []),
  ];
  return issues.length === 0 ? { ok: true } : { ok: false, issues };
}
