import { parseTraceparent } from '../chain/traceparent.ts';
import { headerValue } from '../kafka/decode-message.ts';
import type { TappedMessage } from '../kafka/types.ts';
import { outcome } from '../outcome.ts';
import type { Span } from '../types.ts';
import type { EffectIssue, EffectsResult } from './types.ts';

const where = (m: Pick<TappedMessage, 'topic' | 'partition' | 'offset'>): string =>
  `${m.topic}[${m.partition}]@${m.offset}`;

/** The trace a message's traceparent names, or undefined. */
export function messageTraceId(message: TappedMessage): string | undefined {
  return parseTraceparent(headerValue(message, 'traceparent'))?.traceId;
}

/** True when the span is a consumer span of `service` in the trace, or linked to it (batch consumers). */
export function consumesTrace(span: Span, traceId: string, service: string): boolean {
  return (
    span.kind === 'consumer' &&
    span.service === service &&
    (span.traceId === traceId || span.links.some((link) => link.traceId === traceId))
  );
}

/** True when `service` recorded a consumer span in the message's trace: the message was consumed. */
export function wasConsumed(message: TappedMessage, service: string, spans: readonly Span[]): boolean {
  const traceId = messageTraceId(message);
  return traceId !== undefined && spans.some((s) => consumesTrace(s, traceId, service));
}

/** Where a message sits on the broker. */
export interface MessagePosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

const at = (m: MessagePosition, p: MessagePosition): boolean =>
  m.topic === p.topic && m.partition === p.partition && m.offset === p.offset;

/** A redelivered message must cause nothing new: no message in its trace recorded after it was re-published. */
export function checkNoSecondEffect(input: {
  readonly redelivered: TappedMessage;
  readonly messages: readonly TappedMessage[];
  /** Epoch ms of the re-publish. */
  readonly since: number;
  /** Messages the check itself published (the redelivered copy), never counted as effects. */
  readonly injected: readonly MessagePosition[];
}): EffectsResult {
  const traceId = messageTraceId(input.redelivered);
  const caused = input.messages.filter(
    (m) =>
      m.timestamp >= input.since &&
      messageTraceId(m) === traceId &&
      !at(m, input.redelivered) &&
      !input.injected.some((p) => at(m, p)),
  );
  if (caused.length === 0) return outcome([]);
  return outcome([
    {
      code: 'REDELIVERY_SECOND_EFFECT',
      path: `${input.redelivered.topic}: redelivery`,
      message: `re-delivering ${where(input.redelivered)} caused ${caused.length} new message(s): ${caused.map(where).join(', ')}`,
      expected: 'no new message in its trace',
      actual: caused.map(where).join(', '),
      evidence: { messages: [input.redelivered, ...caused] },
    },
  ]);
}

/** Headers a dead-letter producer legitimately rewrites: its own trace context. */
const TRACE_HEADERS = new Set(['traceparent', 'tracestate', 'baggage']);

/** The poison's headers (trace context aside) that the dead letter lost or changed, as `name: expected → actual`. */
function lostHeaders(poison: TappedMessage, dead: TappedMessage): string[] {
  return Object.keys(poison.headers)
    .filter((name) => !TRACE_HEADERS.has(name.toLowerCase()))
    .flatMap((name) => {
      const kept = headerValue(dead, name);
      const original = headerValue(poison, name);
      if (kept === original) return [];
      return [`${name}: ${JSON.stringify(original)} → ${kept === undefined ? '(absent)' : JSON.stringify(kept)}`];
    });
}

interface DeadLetterInput {
  readonly poison: TappedMessage;
  readonly messages: readonly TappedMessage[];
  readonly deadLetter: { readonly topic: string; readonly reasonHeader: string };
}

/** The poison's copy on the dead-letter topic: same key and value, else (a lost key) the same value. */
function findDeadLetter({ poison, messages, deadLetter }: DeadLetterInput): TappedMessage | undefined {
  const copies = messages.filter((m) => m.topic === deadLetter.topic && m.value === poison.value);
  return copies.find((m) => m.key === poison.key) ?? copies[0];
}

function notDeadLettered({ poison, messages, deadLetter }: DeadLetterInput): EffectIssue {
  return {
    code: 'POISON_NOT_DEAD_LETTERED',
    path: `${poison.topic}: dead letter`,
    message: `poison message ${where(poison)} never reached ${deadLetter.topic}`,
    expected: `a copy on ${deadLetter.topic} with a ${deadLetter.reasonHeader} header`,
    actual: `${messages.filter((m) => m.topic === deadLetter.topic).length} message(s) on ${deadLetter.topic}, none of them this one`,
    evidence: { messages: [poison] },
  };
}

/** What the dead letter lost of the original: its key, its headers, or the reason it was dead-lettered. */
function deadLetterIssues(input: DeadLetterInput, dead: TappedMessage): EffectIssue[] {
  const { poison, deadLetter } = input;
  const base = { path: `${poison.topic}: dead letter`, evidence: { messages: [poison, dead] } };
  const issues: EffectIssue[] = [];
  if (dead.key !== poison.key) {
    issues.push({
      ...base,
      code: 'DEAD_LETTER_KEY_LOST',
      message: `dead letter ${where(dead)} of ${where(poison)} has key ${JSON.stringify(dead.key)}, not the original's`,
      expected: `key ${JSON.stringify(poison.key)}`,
      actual: JSON.stringify(dead.key),
    });
  }
  const lost = lostHeaders(poison, dead);
  if (lost.length > 0) {
    issues.push({
      ...base,
      code: 'DEAD_LETTER_HEADERS_LOST',
      message: `dead letter ${where(dead)} lost ${lost.length} header(s) of ${where(poison)}: ${lost.join('; ')}`,
      expected: 'the original headers, kept beside the dead-letter ones',
      actual: lost.join('; '),
    });
  }
  const reason = headerValue(dead, deadLetter.reasonHeader);
  if (reason === undefined || reason.trim() === '') {
    issues.push({
      ...base,
      code: 'DEAD_LETTER_WITHOUT_REASON',
      message: `dead letter ${where(dead)} carries no ${deadLetter.reasonHeader}`,
      expected: `a non-empty ${deadLetter.reasonHeader} header`,
      actual: reason === undefined ? '(absent)' : JSON.stringify(reason),
    });
  }
  return issues;
}

/**
 * A poison message must reach the dead-letter topic with a reason header, keeping its key, value and headers (its
 * event id and correlation id are what a person replaying or investigating it looks for; trace context may be the
 * dead-letter producer's own).
 */
export function checkDeadLettered(input: DeadLetterInput): EffectsResult {
  const dead = findDeadLetter(input);
  return outcome(dead === undefined ? [notDeadLettered(input)] : deadLetterIssues(input, dead));
}
