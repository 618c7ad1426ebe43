import { context, propagation, ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { createOutboxWriter } from '@tracegate/reference-service/messages';

/** A message as the outbox stores it for the relay: topic, key, JSON payload and headers. */
export interface CapturedMessage {
  readonly topic: string;
  readonly key: string;
  readonly payload: unknown;
  readonly headers: Record<string, string>;
}

// Without an SDK, inject() is a no-op and context.with() keeps nothing: register what the services' SDK registers.
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

const SPAN = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.SAMPLED,
};

/**
 * Runs an event through the reference service's own outbox writer (with a transaction that records the INSERT instead
 * of storing it) inside a sampled span, so headers come out exactly as the relay would publish them.
 */
export async function captureOutbox(
  source: string,
  event: { topic: string; key: string; payload: { correlationId: string } },
): Promise<CapturedMessage> {
  let captured: CapturedMessage | undefined;
  const tx = {
    async query(_sql: string, params: unknown[] = []) {
      const [, topic, key, payload, headers] = params as string[];
      captured = {
        topic: String(topic),
        key: String(key),
        payload: JSON.parse(String(payload)),
        headers: JSON.parse(String(headers)),
      };
      return [];
    },
  };
  const parent = trace.setSpanContext(ROOT_CONTEXT, SPAN);
  await context.with(parent, () => createOutboxWriter({ source }).enqueue(tx as never, event));
  if (!captured) throw new Error(`the outbox wrote nothing for ${event.topic}`);
  return captured;
}
