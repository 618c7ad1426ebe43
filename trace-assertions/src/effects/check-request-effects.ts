import type { TappedMessage } from '../kafka/types.ts';
import { requestContractName } from './contract-names.ts';
import { toCurl } from './curl.ts';
import { exchangeField, messageField, sameValue, show } from './field-path.ts';
import type { EffectIssue, EmittedEffect, RecordedExchange, RequestEffect } from './types.ts';

/** Default bound between a response and the message it causes. */
export const DEFAULT_EFFECT_WITHIN_MS = 10_000;

function pathPattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}/]+\\?\}/g, '[^/]+');
  return new RegExp(`^${escaped}/?$`);
}

function statusAccepted(status: number, accepted: RequestEffect['status']): boolean {
  if (Array.isArray(accepted)) return accepted.includes(status);
  const spec = typeof accepted === 'string' ? accepted : '2xx';
  return /^\dxx$/i.test(spec) ? Math.floor(status / 100) === Number(spec[0]) : Number(spec) === status;
}

/** True when the exchange is one the request effect speaks about. */
export function exchangeMatchesEffect(exchange: RecordedExchange, effect: RequestEffect): boolean {
  if (effect.service !== undefined && effect.service !== exchange.service) return false;
  if (effect.method.toUpperCase() !== exchange.method.toUpperCase()) return false;
  if (!pathPattern(effect.path).test(exchange.path.split('?')[0] ?? '')) return false;
  return statusAccepted(exchange.status, effect.status);
}

function describeWhere(where: EmittedEffect['where'], exchange: RecordedExchange): string {
  return Object.entries(where)
    .map(([field, source]) => `${field} = ${show(exchangeField(exchange, source))} (${source})`)
    .join(', ');
}

function checkOne(
  exchange: RecordedExchange,
  emit: EmittedEffect,
  contract: string,
  topicMessages: readonly TappedMessage[],
): EffectIssue | undefined {
  const request = { request: exchange, curl: toCurl(exchange) };
  const sources = Object.entries(emit.where).map(([field, source]) => ({
    field,
    value: exchangeField(exchange, source),
  }));
  const absent = Object.entries(emit.where).find(([, source]) => exchangeField(exchange, source) === undefined);
  if (absent) {
    return {
      code: 'EFFECT_SOURCE_MISSING',
      path: contract,
      message: `${exchange.method} ${exchange.path} → ${exchange.status}: the exchange has no ${absent[1]} to match ${emit.topic} by`,
      expected: `a value at ${absent[1]}`,
      actual: '(absent)',
      evidence: request,
    };
  }
  const matching = topicMessages.filter((m) => sources.every((s) => sameValue(messageField(m, s.field), s.value)));
  const count = emit.count ?? 1;
  const expected = `${count} message(s) on ${emit.topic} with ${describeWhere(emit.where, exchange)}`;
  if (matching.length !== count) {
    return {
      code: matching.length < count ? 'EFFECT_MISSING' : 'EFFECT_DUPLICATED',
      path: contract,
      message: `${exchange.method} ${exchange.path} → ${exchange.status} caused ${matching.length} message(s) on ${emit.topic}, expected ${count}`,
      expected,
      actual: `${matching.length} (of ${topicMessages.length} recorded on ${emit.topic})`,
      evidence: { ...request, messages: matching },
    };
  }
  const withinMs = emit.withinMs ?? DEFAULT_EFFECT_WITHIN_MS;
  const late = matching.find((m) => m.timestamp - exchange.finishedAt > withinMs);
  if (late === undefined) return undefined;
  return {
    code: 'EFFECT_LATE',
    path: contract,
    message: `${emit.topic} for ${exchange.method} ${exchange.path} arrived ${late.timestamp - exchange.finishedAt} ms after the response, bound ${withinMs} ms`,
    expected: `within ${withinMs} ms`,
    actual: `${late.timestamp - exchange.finishedAt} ms`,
    evidence: { ...request, messages: [late] },
  };
}

/** Checks that every accepted request caused exactly the declared messages. */
export function checkRequestEffects(
  effects: readonly RequestEffect[],
  exchanges: readonly RecordedExchange[],
  messages: readonly TappedMessage[],
): EffectIssue[] {
  const issues: EffectIssue[] = [];
  for (const effect of effects) {
    const matched = exchanges.filter((e) => exchangeMatchesEffect(e, effect));
    for (const emit of effect.emits) {
      const contract = requestContractName(effect, emit.topic);
      const topicMessages = messages.filter((m) => m.topic === emit.topic);
      for (const exchange of matched) {
        const issue = checkOne(exchange, emit, contract, topicMessages);
        if (issue) issues.push(issue);
      }
    }
  }
  return issues;
}
