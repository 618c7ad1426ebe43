import type { TappedMessage } from '../kafka/types.ts';
import { partitionRuleName } from './contract-names.ts';
import { defaultPartition } from './partitioner.ts';
import type { EffectIssue, MessageRule } from './types.ts';

const where = (m: TappedMessage): string => `${m.topic}[${m.partition}]@${m.offset}`;

function unknownCount(rule: MessageRule, messages: readonly TappedMessage[]): EffectIssue {
  return {
    code: 'PARTITION_COUNT_UNKNOWN',
    path: partitionRuleName(rule),
    message: `${messages.length} message(s) of ${rule.topic} cannot be checked against the ${rule.partitioner} partitioner: the topic's partition count was not given`,
    expected: `partitionCounts['${rule.topic}']`,
    actual: '(absent)',
    evidence: { messages: messages.slice(0, 1) },
  };
}

function misplaced(
  rule: MessageRule,
  { message, partitions }: { message: TappedMessage & { key: string }; partitions: number },
): EffectIssue | undefined {
  const expected = defaultPartition({ key: message.key, partitions });
  if (expected === message.partition) return undefined;
  return {
    code: 'MESSAGE_ON_WRONG_PARTITION',
    path: partitionRuleName(rule),
    message: `message ${where(message)} with key ${JSON.stringify(message.key)} landed on partition ${message.partition} of ${rule.topic}; the ${rule.partitioner} partitioner (murmur2(key) mod ${partitions}) puts that key on partition ${expected}`,
    expected: `partition ${expected} of ${partitions} for key ${JSON.stringify(message.key)}`,
    actual: `partition ${message.partition}`,
    evidence: { messages: [message] },
  };
}

/**
 * Checks that every keyed message of a rule with `partitioner: murmur2` landed where the Java client's default
 * partitioner puts its key, so consumers in any language co-partition by key. Keyless messages are not checked.
 */
export function checkPartitioner(
  rules: readonly MessageRule[],
  input: { messages: readonly TappedMessage[]; partitionCounts: Readonly<Record<string, number>> },
): EffectIssue[] {
  const issues: EffectIssue[] = [];
  for (const rule of rules.filter((r) => r.partitioner !== undefined)) {
    const keyed = input.messages.filter(
      (m): m is TappedMessage & { key: string } => m.topic === rule.topic && m.key !== null,
    );
    const partitions = input.partitionCounts[rule.topic];
    if (keyed.length === 0) continue;
    if (partitions === undefined || partitions < 1) {
      issues.push(unknownCount(rule, keyed));
      continue;
    }
    for (const message of keyed) {
      const issue = misplaced(rule, { message, partitions });
      if (issue) issues.push(issue);
    }
  }
  return issues;
}
