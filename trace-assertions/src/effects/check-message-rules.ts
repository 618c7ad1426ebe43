import { parseTraceparent } from '../chain/traceparent.ts';
import { headerValue } from '../kafka/decode-message.ts';
import type { TappedMessage } from '../kafka/types.ts';
import type { Span } from '../types.ts';
import { messageField, sameValue, show } from './field-path.ts';
import type { EffectIssue, MessageRule } from './types.ts';

const where = (m: TappedMessage): string => `${m.topic}[${m.partition}]@${m.offset}`;

function keyIssue(rule: MessageRule & { key: string }, message: TappedMessage): EffectIssue | undefined {
  const expected = messageField(message, rule.key);
  if (sameValue(message.key ?? undefined, expected)) return undefined;
  return {
    code: 'MESSAGE_FIELD_MISMATCH',
    path: `${rule.topic}: key`,
    message: `message ${where(message)}: key ${show(message.key ?? undefined)} is not ${rule.key} ${show(expected)}`,
    expected: `key = ${rule.key} = ${show(expected)}`,
    actual: show(message.key ?? undefined),
    evidence: { messages: [message] },
  };
}

function traceIssue(
  rule: MessageRule,
  message: TappedMessage,
  spansById: ReadonlyMap<string, Span>,
): EffectIssue | undefined {
  const raw = headerValue(message, 'traceparent');
  const parent = parseTraceparent(raw);
  if (parent === undefined) {
    return {
      code: 'TRACE_CONTEXT_MISSING',
      path: `${rule.topic}: headers.traceparent`,
      message: `message ${where(message)} carries ${raw === undefined ? 'no traceparent header' : `a malformed traceparent "${raw}"`}`,
      expected: 'a W3C traceparent header',
      actual: raw === undefined ? '(absent)' : show(raw),
      evidence: { messages: [message] },
    };
  }
  const producer = spansById.get(parent.parentId);
  if (producer !== undefined) return rootedIssue(rule, message, producer);
  return {
    code: 'TRACE_CONTEXT_UNLINKED',
    path: `${rule.topic}: headers.traceparent`,
    message: `message ${where(message)}: traceparent parent span ${parent.parentId} (trace ${parent.traceId}) was never recorded`,
    expected: 'the parent span id of a recorded span',
    actual: show(raw),
    evidence: { messages: [message] },
  };
}

/**
 * A message whose trace begins at its own producer span: whatever caused it (a request, a consumed message) is not in
 * its trace — the context was lost between the cause and the send (e.g. a consumer without instrumentation, an outbox
 * that stored no context).
 */
function rootedIssue(rule: MessageRule, message: TappedMessage, producer: Span): EffectIssue | undefined {
  if (producer.kind !== 'producer' || producer.parentSpanId !== undefined) return undefined;
  return {
    code: 'TRACE_CONTEXT_ROOTED',
    path: `${rule.topic}: headers.traceparent`,
    message: `message ${where(message)}: its trace ${producer.traceId} begins at its own producer span "${producer.name}" (${producer.service}), so what caused it is not in its trace`,
    expected: 'a producer span with a parent: the span of the request or message that caused it',
    actual: `producer span ${producer.spanId} without a parent`,
    evidence: { messages: [message] },
  };
}

function entityIssues(rule: MessageRule & { entity: string }, messages: readonly TappedMessage[]): EffectIssue[] {
  const byEntity = new Map<string, TappedMessage[]>();
  for (const message of messages) {
    const id = messageField(message, rule.entity);
    if (id === undefined) continue;
    const key = String(id);
    byEntity.set(key, [...(byEntity.get(key) ?? []), message]);
  }
  const issues: EffectIssue[] = [];
  for (const [id, group] of byEntity) {
    const partitions = [...new Set(group.map((m) => m.partition))];
    if (partitions.length > 1) {
      issues.push({
        code: 'ENTITY_SPLIT_ACROSS_PARTITIONS',
        path: `${rule.topic}: ${rule.entity}`,
        message: `${group.length} messages of ${rule.entity} ${show(id)} landed on partitions ${partitions.join(', ')} of ${rule.topic}`,
        expected: 'one partition',
        actual: `partitions ${partitions.join(', ')}`,
        evidence: { messages: group },
      });
      continue;
    }
    const outOfOrder = rule.orderBy === undefined ? undefined : firstDecrease(group, rule.orderBy);
    if (outOfOrder) issues.push({ ...outOfOrder, path: `${rule.topic}: ${rule.orderBy}` });
  }
  return issues;
}

function firstDecrease(group: readonly TappedMessage[], orderBy: string): EffectIssue | undefined {
  const sorted = [...group].sort((a, b) => Number(BigInt(a.offset) - BigInt(b.offset)));
  for (const [index, message] of sorted.entries()) {
    const before = sorted[index - 1];
    if (before === undefined) continue;
    const previous = messageField(before, orderBy);
    const current = messageField(message, orderBy);
    if (previous === undefined || current === undefined || String(previous) <= String(current)) continue;
    return {
      code: 'ENTITY_OUT_OF_ORDER',
      message: `message ${where(message)} has ${orderBy} ${show(current)}, before it at ${where(before)} came ${show(previous)}`,
      expected: `${orderBy} not decreasing along the offsets`,
      actual: `${show(previous)} then ${show(current)}`,
      evidence: { messages: [before, message] },
    };
  }
  return undefined;
}

/** Checks every message of the rules' topics against key, partitioning, order and trace-context rules. */
export function checkMessageRules(
  rules: readonly MessageRule[],
  messages: readonly TappedMessage[],
  spans: readonly Span[],
): EffectIssue[] {
  const spansById = new Map(spans.map((s) => [s.spanId, s]));
  const issues: EffectIssue[] = [];
  for (const rule of rules) {
    const topicMessages = messages.filter((m) => m.topic === rule.topic);
    for (const message of topicMessages) {
      const key = rule.key === undefined ? undefined : keyIssue({ ...rule, key: rule.key }, message);
      const trace = rule.traceContext ? traceIssue(rule, message, spansById) : undefined;
      for (const issue of [key, trace]) if (issue) issues.push(issue);
    }
    if (rule.entity !== undefined) issues.push(...entityIssues({ ...rule, entity: rule.entity }, topicMessages));
  }
  return issues;
}
