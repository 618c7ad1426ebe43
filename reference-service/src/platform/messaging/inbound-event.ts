import type { EventPayloads, EventTopic } from '@tracegate/contracts';
import type { Queryable } from '../db/database.ts';

/** A consumed event that passed AsyncAPI validation. */
export interface InboundEvent<Payload = unknown> {
  /** CloudEvents `ce_id`: the idempotency key. */
  readonly id: string;
  readonly topic: string;
  readonly key: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly payload: Payload;
  readonly correlationId: string;
  readonly partition: number;
  readonly offset: string;
}

/** A handler for one topic; it runs in the transaction that also records the event as processed. */
export interface Subscription {
  readonly topic: EventTopic;
  handle(event: InboundEvent, tx: Queryable): Promise<void>;
}

/** Declares a typed handler for a topic. */
export function subscribe<Topic extends EventTopic>(
  topic: Topic,
  handle: (event: InboundEvent<EventPayloads[Topic]>, tx: Queryable) => Promise<void>,
): Subscription {
  return { topic, handle: (event, tx) => handle(event as InboundEvent<EventPayloads[Topic]>, tx) };
}
