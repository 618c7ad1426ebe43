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
      return kept === original
        ? []
        : [`${name}: ${JSON.stringify(original)} → ${kept === undefined ? '(absent)' : JSON.stringify(kept)}`];
    });
}

/**
 * A poison message must reach the dead-letter topic with a reason header, keeping its key, value and headers (its
 * event id and correlation id are what a person replaying or investigating it looks for; trace context may be the
 * dead-letter producer's own).
 */
export function checkDeadLettered(input: {
  readonly poison: TappedMessage;
  readonly messages: readonly TappedMessage[];
  readonly deadLetter: { readonly topic: string; readonly reasonHeader: string };
}): EffectsResult {
  const { poison, deadLetter } = input;
  const path = `${poison.topic}: dead letter`;
  const dead = input.messages.find(
    (m) => m.topic === deadLetter.topic && m.key === poison.key && m.value === poison.value,
  );
  if (dead === undefined) {
    return outcome([
      {
        code: 'POISON_NOT_DEAD_LETTERED',
        path,
        message: `poison message ${where(poison)} never reached ${deadLetter.topic}`,
        expected: `a copy on ${deadLetter.topic} with a ${deadLetter.reasonHeader} header`,
        actual: `${input.messages.filter((m) => m.topic === deadLetter.topic).length} message(s) on ${deadLetter.topic}, none of them this one`,
        evidence: { messages: [poison] },
      },
    ]);
  }
  const reason = headerValue(dead, deadLetter.reasonHeader);
  const lost = lostHeaders(poison, dead);
  const headersIssues: EffectIssue[] =
    lost.length === 0
      ? []
      : [
          {
            code: 'DEAD_LETTER_HEADERS_LOST',
            path,
            message: `dead letter ${where(dead)} lost ${lost.length} header(s) of ${where(poison)}: ${lost.join('; ')}`,
            expected: 'the original headers, kept beside the dead-letter ones',
            actual: lost.join('; '),
            evidence: { messages: [poison, dead] },
          },
        ];
  if (reason !== undefined && reason.trim() !== '') return outcome(headersIssues);
  return outcome([
    ...headersIssues,
    {
      code: 'DEAD_LETTER_WITHOUT_REASON',
      path,
      message: `dead letter ${where(dead)} carries no ${deadLetter.reasonHeader}`,
      expected: `a non-empty ${deadLetter.reasonHeader} header`,
      actual: reason === undefined ? '(absent)' : JSON.stringify(reason),
      evidence: { messages: [poison, dead] },
    },
  ]);
}
