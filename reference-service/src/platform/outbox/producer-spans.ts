import type { Span } from '@opentelemetry/api';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { OutgoingRecord } from '../kafka/producer.ts';
import { correlationAttribute, correlationHeader, isValidCorrelationId } from '../telemetry/correlation.ts';

const tracer = trace.getTracer('@tracegate/reference-service/outbox');

/** A Kafka record of an outbox row and the producer span whose context its headers carry. */
export interface TracedRecord {
  readonly record: OutgoingRecord;
  readonly span: Span;
}

/** What a row's message is made of: its physical topic, key, value and the headers stored with the row. */
export interface RowMessage {
  readonly topic: string;
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
}

function messagingAttributes(message: RowMessage): Record<string, string> {
  const correlationId = message.headers[correlationHeader];
  return {
    'messaging.system': 'kafka',
    'messaging.destination.name': message.topic,
    'messaging.kafka.message.key': message.key,
    'messaging.operation.name': 'send',
    'messaging.operation.type': 'send',
    ...(isValidCorrelationId(correlationId) ? { [correlationAttribute]: correlationId } : {}),
  };
}

/**
 * Starts the row's `send <topic>` producer span as a child of the span that wrote the row (its stored
 * traceparent) and puts the producer span's context into the message's headers.
 */
export function tracedRecord(message: RowMessage): TracedRecord {
  const stored = message.headers;
  const parent = propagation.extract(ROOT_CONTEXT, stored);
  const attributes = messagingAttributes(message);
  const span = tracer.startSpan(`send ${message.topic}`, { kind: SpanKind.PRODUCER, attributes }, parent);
  const headers = { ...stored };
  propagation.inject(trace.setSpan(parent, span), headers);
  return { record: { topic: message.topic, key: message.key, value: message.value, headers }, span };
}

/** Ends the producer spans of one send, as failed when `error` is given. */
export function endProducerSpans(traced: readonly TracedRecord[], error?: unknown): void {
  for (const { span } of traced) {
    if (error !== undefined) {
      const message = error instanceof Error ? error.message : String(error);
      span.setAttribute('error.type', error instanceof Error ? error.constructor.name : '_OTHER');
      span.setStatus({ code: SpanStatusCode.ERROR, message });
    }
    span.end();
  }
}

/**
 * Runs a send with tracing suppressed: the kafkajs instrumentation would start every message's span of one batch
 * in the same context and overwrite each message's traceparent; the spans and headers set here stand instead.
 */
export function withoutSendSpans<T>(send: () => Promise<T>): Promise<T> {
  return context.with(suppressTracing(context.active()), send);
}
