import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import {
  checkDeadLettered,
  checkNoSecondEffect,
  consumesTrace,
  type EffectIssue,
  issuesOf,
  type MessagePosition,
  messageTraceId,
  type Span,
  type TappedMessage,
  wasConsumed,
} from '@tracegate/trace-assertions';
import type { ConsumedTopicConfig } from '../../config/types.ts';
import type { CheckResult } from '../../report/types.ts';
import type { RunEnvironment, RunRecording } from '../../run/types.ts';
import type { GateContext } from '../types.ts';
import { pollUntil } from './poll-until.ts';
import { type Publisher, publisher } from './publisher.ts';
import { compareStates, readStates } from './state-probes.ts';
import { consumerSpans } from './store-spans.ts';
import { issueCheck } from './to-checks.ts';

const DEFAULT_TIMEOUT_MS = 10_000;
/** How long a redelivered message gets to cause (wrongly) a new message after it was consumed again. */
const QUIET_MS = 2_000;
const POLL_MS = 100;
const DEFAULT_POISON = '{"tracegate":"a message that violates the topic schema"}';

interface Probe {
  readonly context: GateContext;
  readonly recording: RunRecording;
  /** The consumer spans of the consumed topic's service, read for the check alone (the store keeps none of them). */
  readonly consumers: () => readonly Span[];
  readonly send: Publisher;
  readonly consumed: ConsumedTopicConfig;
}

/** Redelivery and poison checks for each consumed topic the config names; run after the effect contracts. */
export async function checkConsumedTopics(context: GateContext, recording: RunRecording): Promise<CheckResult[]> {
  const consumed = context.loaded.config.effects?.consumed ?? [];
  if (consumed.length === 0) return [];
  const traces = context.env.traces;
  if (traces.kind !== 'receiver') {
    return consumed.map((c) =>
      skippedCheck(c.topic, 'redelivery and poison checks read spans from the in-process receiver'),
    );
  }
  const send = await publisher((context.env.kafka as NonNullable<RunEnvironment['kafka']>).brokers);
  try {
    const checks: CheckResult[] = [];
    for (const topic of consumed) {
      checks.push(
        ...(await probeTopic({
          context,
          recording,
          consumers: () => consumerSpans(traces.store, topic.service),
          send,
          consumed: topic,
        })),
      );
    }
    return checks;
  } finally {
    await send.close();
  }
}

function skippedCheck(topic: string, reason: string): CheckResult {
  return { name: `${topic}: redelivery`, status: 'skipped', message: reason };
}

async function probeTopic(probe: Probe): Promise<CheckResult[]> {
  const { consumed } = probe;
  const consumers = probe.consumers();
  const original = probe.recording
    .messages()
    .filter((m) => m.topic === consumed.topic && wasConsumed(m, consumed.service, consumers))
    .at(-1);
  if (original === undefined) {
    return [
      skippedCheck(consumed.topic, `no message on ${consumed.topic} was consumed by ${consumed.service} in this run`),
    ];
  }
  const stateProbes = consumed.stateProbes ?? [];
  const before = await readStates(probe.context.env, stateProbes, original);
  const redelivery = await redeliver(probe, original);
  const after = await readStates(probe.context.env, stateProbes, original);
  const poison = await poisonThenValid(probe, original);
  return [
    issueCheck(
      `${consumed.topic}: redelivery`,
      redelivery,
      `re-delivered ${where(original)}: consumed again, no second effect`,
    ),
    ...(stateProbes.length > 0 ? [compareStates(`${consumed.topic}: redelivery state`, before, after)] : []),
    issueCheck(
      `${consumed.topic}: dead letter`,
      poison,
      `a poison message reached ${consumed.deadLetter.topic} with its key, its headers and a reason; the next valid message was processed`,
    ),
  ];
}

const where = (m: TappedMessage): string => `${m.topic}[${m.partition}]@${m.offset}`;

/** What `found` returns once it returns something; undefined when nothing turned up within the timeout. */
function until<T>(found: () => T | undefined, timeoutMs: number, signal: AbortSignal): Promise<T | undefined> {
  return pollUntil({ probe: found, done: (value) => value !== undefined, timeoutMs, pollMs: POLL_MS, signal });
}

async function redeliver(probe: Probe, original: TappedMessage): Promise<EffectIssue[]> {
  const { consumed, context } = probe;
  const timeoutMs = consumed.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const consumedAgain = consumedAgainProof(probe, original);
  const since = Date.now();
  const copy = await probe.send({
    topic: original.topic,
    partition: original.partition,
    key: original.key,
    value: original.value,
    headers: original.headers,
  });
  if ((await until(consumedAgain, timeoutMs, context.signal)) === undefined) {
    return [notConsumedAgain(consumed, original, copy, timeoutMs)];
  }
  await delay(QUIET_MS, undefined, { signal: context.signal });
  const verdict = checkNoSecondEffect({
    redelivered: original,
    messages: probe.recording.messages(),
    since,
    injected: [copy],
  });
  return [...issuesOf(verdict)];
}

/** Reads, from now on, the proof that the consumer saw a message again: its duplicate log line, or a new consumer span. */
function consumedAgainProof(probe: Probe, original: TappedMessage): () => unknown {
  const { consumed } = probe;
  const logs = probe.context.env.services.get(consumed.service)?.logs;
  const text = consumed.duplicateLog;
  if (text !== undefined) {
    const linesBefore = logs?.lines().length ?? 0;
    return () =>
      logs
        ?.lines()
        .slice(linesBefore)
        .find((l) => l.message?.includes(text));
  }
  const traceId = messageTraceId(original);
  const consumerSpans = () =>
    traceId === undefined ? 0 : probe.consumers().filter((s) => consumesTrace(s, traceId, consumed.service)).length;
  const before = consumerSpans();
  return () => (consumerSpans() > before ? true : undefined);
}

function notConsumedAgain(
  consumed: ConsumedTopicConfig,
  original: TappedMessage,
  copy: MessagePosition,
  timeoutMs: number,
): EffectIssue {
  const proof =
    consumed.duplicateLog === undefined
      ? `second consumer span of ${consumed.service}`
      : `log line "${consumed.duplicateLog}" from ${consumed.service}`;
  return {
    code: 'REDELIVERY_NOT_CONSUMED',
    path: `${consumed.topic}: redelivery`,
    message: `re-delivered ${where(original)} as ${copy.topic}[${copy.partition}]@${copy.offset}: no ${proof} within ${timeoutMs} ms (the duplicate was not recognised)`,
    expected: `a ${proof}`,
    actual: '(none)',
    evidence: { messages: [original] },
  };
}

function freshTraceparent(): { traceId: string; header: string } {
  const traceId = randomBytes(16).toString('hex');
  return { traceId, header: `00-${traceId}-${randomBytes(8).toString('hex')}-01` };
}

type Headers = Record<string, string | readonly string[]>;

/** The original's headers with a trace of its own and, when the event id is a header, a new event id. */
function freshHeaders(original: TappedMessage, eventId: string, traceparent: string): Headers {
  const headers: Headers = { ...original.headers, traceparent };
  const [head, ...rest] = eventId.split('.');
  return head === 'headers' ? { ...headers, [rest.join('.')]: randomUUID() } : headers;
}

/** The original with a new event id and a trace of its own: a valid message the consumer has not seen. */
function freshCopy(
  original: TappedMessage,
  eventId: string,
  traceparent: string,
): { headers: Headers; value: string | null } {
  const headers = freshHeaders(original, eventId, traceparent);
  const [head, ...rest] = eventId.split('.');
  if (head === 'headers') return { headers, value: original.value };
  const json = structuredClone(original.json) as Record<string, unknown>;
  let target = json;
  for (const key of rest.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[rest.at(-1) ?? ''] = randomUUID();
  return { headers, value: JSON.stringify(json) };
}

async function poisonThenValid(probe: Probe, original: TappedMessage): Promise<EffectIssue[]> {
  const { consumed, context } = probe;
  const timeoutMs = consumed.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const poisonTrace = freshTraceparent();
  const value = consumed.poison ?? DEFAULT_POISON;
  const target = { topic: original.topic, partition: original.partition, key: original.key };
  // The original's headers (correlation id, event type…) with a new event id: the dead letter must keep them.
  const headers = freshHeaders(original, consumed.eventId, poisonTrace.header);
  await probe.send({ ...target, value, headers });
  const next = freshTraceparent();
  await probe.send({ ...target, ...freshCopy(original, consumed.eventId, next.header) });
  const deadLetter = {
    topic: consumed.deadLetter.topic,
    reasonHeader: consumed.deadLetter.reasonHeader ?? 'x-dlq-reason',
  };
  // By value alone: a dead letter that lost its key is still found (and its key reported).
  const isDead = (m: TappedMessage) => m.topic === deadLetter.topic && m.value === value;
  await until(() => probe.recording.messages().find(isDead), timeoutMs, context.signal);
  const poison = probe.recording
    .messages()
    .find((m) => m.topic === original.topic && m.value === value && messageTraceId(m) === poisonTrace.traceId);
  const processed = await until(
    () => probe.consumers().find((s) => consumesTrace(s, next.traceId, consumed.service)),
    timeoutMs,
    context.signal,
  );
  const issues = poison
    ? [...issuesOf(checkDeadLettered({ poison, messages: probe.recording.messages(), deadLetter }))]
    : [];
  if (processed === undefined) {
    issues.push({
      code: 'NEXT_MESSAGE_NOT_PROCESSED',
      path: `${consumed.topic}: dead letter`,
      message: `the valid message sent after the poison one (trace ${next.traceId}) was not consumed by ${consumed.service} within ${timeoutMs} ms: the poison message blocks the partition`,
      expected: `a consumer span of ${consumed.service} in trace ${next.traceId}`,
      actual: '(none)',
    });
  }
  return issues;
}
