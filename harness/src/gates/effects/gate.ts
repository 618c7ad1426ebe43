import {
  checkEffects,
  DEFAULT_EFFECT_WITHIN_MS,
  type EffectContracts,
  type EffectsResult,
  headerValue,
  issuesOf,
  parseTraceparent,
  type Span,
  scannedSpans,
  type TappedMessage,
} from '@tracegate/trace-assertions';
import { HarnessError } from '../../errors.ts';
import { topicPartitionCounts } from '../../provision/kafka/topics.ts';
import type { RunEnvironment, RunRecording } from '../../run/types.ts';
import type { Gate, GateContext, GateOutcome } from '../types.ts';
import { checkConsumedTopics } from './consumed.ts';
import { trafficCounts } from './counts.ts';
import { pollUntil } from './poll-until.ts';
import { serverSpanStatusCheck } from './server-spans.ts';
import { producerSpans } from './store-spans.ts';
import { toChecks } from './to-checks.ts';

const POLL_MS = 250;
const MAX_BACKEND_TRACES = 500;

/** Checks the declared effect contracts against every HTTP exchange and Kafka message recorded in the run. */
export const effectsGate: Gate = {
  name: 'effects',
  description:
    'every accepted request caused its messages; every message keeps its key, partition, order and trace context; consumers are idempotent and dead-letter poison messages with their headers; no 4xx server span is marked ERROR',
  needs: ['kafka', 'services', 'traces', 'recording'],
  exclusive: true,
  applies: (loaded) =>
    loaded.config.effects?.requests?.length ||
    loaded.config.effects?.messages?.length ||
    loaded.config.effects?.consumed?.length
      ? { ok: true }
      : { ok: false, reason: 'no effects in the config' },
  run: runEffects,
};

async function runEffects(context: GateContext): Promise<GateOutcome> {
  const recording = context.env.recording;
  if (!recording) throw new HarnessError('GATE_ERROR', 'effects need the run recording, which was not started');
  const contracts: EffectContracts = context.loaded.config.effects ?? {};
  const partitionCounts = await partitionCountsOf(context, contracts);
  const result = await settle(context, recording, { contracts, partitionCounts });
  const exchanges = recording.exchanges();
  const messages = recording.messages();
  const issues = issuesOf(result);
  const checks = [
    ...toChecks({ contracts, issues, counts: trafficCounts(contracts, exchanges, messages) }),
    serverSpanStatusCheck(await serverSpansOf(context.env, messages)),
    // After the contracts: the messages injected here must not count as the system's own traffic.
    ...(await checkConsumedTopics(context, recording)),
  ];
  return {
    checks,
    details: {
      summary: `${exchanges.length} HTTP exchange(s) and ${messages.length} Kafka message(s) recorded in the run; ${issues.length} effect issue(s)`,
      exchanges: exchanges.length,
      messages: messages.length,
    },
  };
}

/** Re-checks until every contract holds or the latest response's bound has passed (evidence may still arrive). */
async function settle(
  context: GateContext,
  recording: RunRecording,
  input: { contracts: EffectContracts; partitionCounts: Readonly<Record<string, number>> },
): Promise<EffectsResult> {
  const { contracts, partitionCounts } = input;
  const bound = Math.max(
    0,
    ...(contracts.requests ?? []).flatMap((r) => r.emits.map((e) => e.withinMs ?? DEFAULT_EFFECT_WITHIN_MS)),
  );
  const last = Math.max(0, ...recording.exchanges().map((e) => e.finishedAt));
  return pollUntil({
    probe: async () => {
      const messages = recording.messages();
      const spans = await spansOf(context.env, messages, contracts);
      return checkEffects({ contracts, exchanges: recording.exchanges(), messages, spans, partitionCounts });
    },
    done: (result) => result.ok,
    timeoutMs: last + bound - Date.now(),
    pollMs: POLL_MS,
    signal: context.signal,
  });
}

/** The partition counts of the topics a `partitioner` rule names, from the broker. */
async function partitionCountsOf(context: GateContext, contracts: EffectContracts): Promise<Record<string, number>> {
  const topics = (contracts.messages ?? []).filter((rule) => rule.partitioner !== undefined).map((rule) => rule.topic);
  const kafka = context.env.kafka;
  return topics.length > 0 && kafka ? topicPartitionCounts(kafka.brokers, topics) : {};
}

/** The traces the messages' traceparents name, at most MAX_BACKEND_TRACES of them, from the backend. */
async function backendSpans(env: RunEnvironment, messages: readonly TappedMessage[]): Promise<Span[]> {
  const traces = env.traces;
  if (traces.kind === 'receiver') return [];
  const ids = new Set<string>();
  for (const message of messages) {
    const parent = parseTraceparent(headerValue(message, 'traceparent'));
    if (parent) ids.add(parent.traceId);
  }
  const fetched = await Promise.all([...ids].slice(0, MAX_BACKEND_TRACES).map((id) => traces.backend.fetchTrace(id)));
  return fetched.flatMap((t) => t?.spans ?? []);
}

/** The spans the effect contracts look up: from the receiver, the producer spans the checked messages name. */
async function spansOf(
  env: RunEnvironment,
  messages: readonly TappedMessage[],
  contracts: EffectContracts,
): Promise<Span[]> {
  const traces = env.traces;
  if (traces.kind !== 'receiver') return backendSpans(env, messages);
  return producerSpans(traces.store, messages, contracts);
}

/** The spans the status check reads: from the receiver, every span, read for the check alone (the store keeps none). */
async function serverSpansOf(env: RunEnvironment, messages: readonly TappedMessage[]): Promise<readonly Span[]> {
  const traces = env.traces;
  if (traces.kind === 'receiver') return scannedSpans(traces.store);
  return backendSpans(env, messages);
}
