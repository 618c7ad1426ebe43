import type { TappedMessage } from '../kafka/types.ts';
import { outcome } from '../outcome.ts';
import { checkMessageRules } from './check-message-rules.ts';
import { checkPartitioner } from './check-partitioner.ts';
import { checkRequestEffects, exchangeMatchesEffect } from './check-request-effects.ts';
import { toCurl } from './curl.ts';
import { exchangeField, messageField, sameValue } from './field-path.ts';
import type { CheckEffectsOptions, EffectIssue, EffectsResult, RecordedExchange } from './types.ts';

/** The recorded request a message answers to, through the declared request effects. */
function causeOf(message: TappedMessage, options: CheckEffectsOptions): RecordedExchange | undefined {
  for (const effect of options.contracts.requests ?? []) {
    for (const emit of effect.emits.filter((e) => e.topic === message.topic)) {
      const fields = Object.entries(emit.where);
      const cause = options.exchanges.find(
        (exchange) =>
          exchangeMatchesEffect(exchange, effect) &&
          fields.every(([field, source]) => sameValue(messageField(message, field), exchangeField(exchange, source))),
      );
      if (cause) return cause;
    }
  }
  return undefined;
}

/** Adds the causing request (with a curl) to a message issue that does not name one. */
function withCause(issue: EffectIssue, options: CheckEffectsOptions): EffectIssue {
  const message = issue.evidence?.messages?.[0];
  if (issue.evidence?.request || message === undefined) return issue;
  const cause = causeOf(message, options);
  if (cause === undefined) return issue;
  return {
    ...issue,
    message: `${issue.message} (caused by ${cause.method} ${cause.path} → ${cause.status})`,
    evidence: { ...issue.evidence, request: cause, curl: toCurl(cause) },
  };
}

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
    ...[
      ...checkMessageRules(options.contracts.messages ?? [], options.messages, options.spans ?? []),
      ...checkPartitioner(options.contracts.messages ?? [], {
        messages: options.messages,
        partitionCounts: options.partitionCounts ?? {},
      }),
    ].map((issue) => withCause(issue, options)),
  ];
  return outcome(issues);
}
