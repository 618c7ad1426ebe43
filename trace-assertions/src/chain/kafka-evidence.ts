import { headerValue } from '../kafka/decode-message.ts';
import type { TappedMessage } from '../kafka/types.ts';
import type { Span } from '../types.ts';
import { parseTraceparent } from './traceparent.ts';

/** The outcome of checking the message a producer span sent. */
export interface KafkaEvidence {
  readonly ok: boolean;
  readonly reason?: string;
  readonly message?: TappedMessage;
  readonly headers?: Record<string, string>;
  /** The message was found and contradicts the producer span (not merely not recorded yet). */
  readonly settled?: boolean;
}

/** A message's headers as strings, for evidence. */
export function flatHeaders(message: TappedMessage): Record<string, string> {
  return Object.fromEntries(Object.keys(message.headers).map((name) => [name, headerValue(message, name) ?? '']));
}

/** A message's position, `topic[partition]@offset`. */
export function where(message: TappedMessage): string {
  return `${message.topic}[${message.partition}]@${message.offset}`;
}

/** Finds the message a producer span sent and checks its traceparent and correlation header. */
export function checkPublishedMessage(
  producer: Span,
  topicMessages: readonly TappedMessage[],
  expect: { readonly header: string; readonly correlationId: string | undefined; readonly topic: string },
): KafkaEvidence {
  if (topicMessages.length === 0) return { ok: false, reason: `no message was recorded on topic ${expect.topic}` };
  const parsed = topicMessages.map((message) => ({
    message,
    parent: parseTraceparent(headerValue(message, 'traceparent')),
  }));
  const exact = parsed.find((p) => p.parent?.parentId === producer.spanId);
  const sameTrace = parsed.find((p) => p.parent?.traceId === producer.traceId);
  const byCorrelation =
    expect.correlationId === undefined
      ? undefined
      : parsed.find((p) => headerValue(p.message, expect.header) === expect.correlationId);
  const chosen = exact ?? sameTrace ?? byCorrelation;
  if (chosen === undefined) {
    return {
      ok: false,
      reason: `none of the ${topicMessages.length} message(s) on ${expect.topic} carries the producer's trace context (trace ${producer.traceId}) or ${expect.header}=${expect.correlationId ?? '?'}`,
    };
  }
  const { message, parent } = chosen;
  const headers = flatHeaders(message);
  const fail = (reason: string): KafkaEvidence => ({ ok: false, reason, message, headers, settled: true });
  const raw = headerValue(message, 'traceparent');
  if (parent === undefined) {
    return fail(
      raw === undefined
        ? `message ${where(message)} has no traceparent header`
        : `message ${where(message)} has a malformed traceparent "${raw}"`,
    );
  }
  if (parent.traceId !== producer.traceId) {
    return fail(
      `message ${where(message)} traceparent trace id ${parent.traceId} differs from the producer span's trace ${producer.traceId}`,
    );
  }
  if (parent.parentId !== producer.spanId) {
    return fail(
      `message ${where(message)} traceparent parent id ${parent.parentId} is not the producer span id ${producer.spanId}`,
    );
  }
  if (expect.correlationId !== undefined) {
    const actual = headerValue(message, expect.header);
    if (actual === undefined)
      return fail(`message ${where(message)} has no ${expect.header} header (expected ${expect.correlationId})`);
    if (actual !== expect.correlationId)
      return fail(
        `message ${where(message)} header ${expect.header} is "${actual}", expected "${expect.correlationId}"`,
      );
  }
  return { ok: true, message, headers };
}

/**
 * The message a publish hop sent, found without its producer span: on the hop's topic, carrying this request's
 * correlation header or a traceparent of one of the chain's traces.
 */
export function findSentMessage(
  topicMessages: readonly TappedMessage[],
  expect: {
    readonly header: string;
    readonly correlationId: string | undefined;
    readonly traceIds: ReadonlySet<string>;
  },
): TappedMessage | undefined {
  return topicMessages.find(
    (message) =>
      (expect.correlationId !== undefined && headerValue(message, expect.header) === expect.correlationId) ||
      expect.traceIds.has(parseTraceparent(headerValue(message, 'traceparent'))?.traceId ?? ''),
  );
}
