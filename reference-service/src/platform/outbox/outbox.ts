import { randomUUID } from 'node:crypto';
import { context, propagation } from '@opentelemetry/api';
import type { Queryable } from '../db/database.ts';
import { correlationHeader } from '../telemetry/correlation.ts';

/** An event to publish once the surrounding transaction commits. */
export interface OutboundEvent {
  readonly topic: string;
  /** Kafka key (the order id): keeps one order's events in order within a topic. */
  readonly key: string;
  readonly payload: { readonly correlationId: string };
}

/** Writes events into a context's outbox table, inside the caller's transaction. */
export interface OutboxWriter {
  /** Stores the event with its CloudEvents headers, correlation id and the current trace context. */
  enqueue(tx: Queryable, event: OutboundEvent): Promise<string>;
}

/** Header naming the deployment that published an event (its consumer-group prefix). */
export const deploymentHeader = 'x-deployment-id';

/**
 * `source` is the CloudEvents source of every event written, e.g. `/order-service`; `deployment`, when not empty,
 * goes into {@link deploymentHeader}.
 */
export function createOutboxWriter(options: { source: string; deployment?: string; now?: () => Date }): OutboxWriter {
  const now = options.now ?? (() => new Date());
  return {
    async enqueue(tx, event) {
      const eventId = randomUUID();
      const headers: Record<string, string> = {
        [correlationHeader]: event.payload.correlationId,
        ce_id: eventId,
        ce_type: `io.tracegate.${event.topic}`,
        ce_source: options.source,
        ce_specversion: '1.0',
        ce_time: now().toISOString(),
        'content-type': 'application/json',
        ...(options.deployment ? { [deploymentHeader]: options.deployment } : {}),
      };
      // The relay publishes later, outside this request; the stored traceparent keeps the event in this trace.
      propagation.inject(context.active(), headers);
      await tx.query(
        'INSERT INTO outbox (event_id, topic, message_key, payload, headers) VALUES ($1, $2, $3, $4, $5)',
        [eventId, event.topic, event.key, JSON.stringify(event.payload), JSON.stringify(headers)],
      );
      return eventId;
    },
  };
}
