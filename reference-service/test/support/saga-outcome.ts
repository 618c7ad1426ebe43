import type { TappedMessage } from '@tracegate/trace-assertions';
import { headerValue, tapKafka } from '@tracegate/trace-assertions';
import { Kafka, logLevel } from 'kafkajs';
import { eventually, request } from './http.ts';
import { pause } from './order-load.ts';

/** Statuses an order does not leave on its own. */
export const finalStatuses: readonly string[] = ['CONFIRMED', 'REJECTED'];

/** Polls GET /orders/{id} until every order reads a final status; returns those still not final at `timeoutMs`. */
export async function waitAllFinal(url: string, orderIds: readonly string[], timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let pending = [...orderIds];
  const last = new Map<string, string>();
  while (pending.length > 0 && Date.now() < deadline) {
    const still: string[] = [];
    for (const id of pending) {
      const response = await request(`${url}/orders/${id}`).catch(() => undefined);
      const status = (response?.body as { status?: string } | undefined)?.status ?? `http ${response?.status}`;
      last.set(id, status);
      if (!finalStatuses.includes(status)) still.push(id);
    }
    pending = still;
    if (pending.length > 0) await pause(250);
  }
  return pending.map((id) => `${id}: ${last.get(id)}`);
}

/** Everything `topics` hold, read from the beginning until each partition's end offset was recorded. */
export async function readTopics(brokers: string, topics: readonly string[]): Promise<TappedMessage[]> {
  const admin = new Kafka({
    clientId: 'saga-outcome',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  const ends: { topic: string; partition: number; last: string }[] = [];
  try {
    for (const topic of topics) {
      for (const offset of await admin.fetchTopicOffsets(topic)) {
        if (Number(offset.high) > 0)
          ends.push({ topic, partition: offset.partition, last: `${Number(offset.high) - 1}` });
      }
    }
  } finally {
    await admin.disconnect();
  }
  const tap = await tapKafka({ brokers, topics, fromBeginning: true });
  try {
    await eventually(
      async () => {
        const seen = tap.messages();
        const done = ends.every((end) =>
          seen.some((m) => m.topic === end.topic && m.partition === end.partition && m.offset === end.last),
        );
        return done || undefined;
      },
      { what: `the tap to read ${topics.join(', ')} to their end offsets`, timeoutMs: 30_000, intervalMs: 200 },
    );
    return tap.messages();
  } finally {
    await tap.stop();
  }
}

/** What the topics say about a set of accepted orders. */
export interface EventOutcome {
  /** Accepted orders without an `order.created` or without a payment decision. */
  readonly missing: string[];
  /** Orders with more than one distinct `order.created` or payment-decision event id. */
  readonly duplicated: string[];
  /** `order.created` keys that name no accepted order (an order written for a request nobody was told about). */
  readonly phantom: string[];
  /** Copies of an event id already seen (at-least-once delivery; consumers drop them by event id). */
  readonly redelivered: number;
}

/** Topic names of the saga for one deployment. */
export interface SagaTopics {
  readonly created: string;
  readonly decisions: readonly string[];
}

function eventIdsByKey(messages: readonly TappedMessage[], topics: readonly string[]): Map<string, Set<string>> {
  const byKey = new Map<string, Set<string>>();
  for (const message of messages) {
    if (!topics.includes(message.topic)) continue;
    const ids = byKey.get(message.key ?? '') ?? new Set<string>();
    ids.add(headerValue(message, 'ce_id') ?? `offset ${message.offset}`);
    byKey.set(message.key ?? '', ids);
  }
  return byKey;
}

/** Checks exactly one `order.created` and one payment decision (by event id) per accepted order, and no other order. */
export function eventOutcome(
  messages: readonly TappedMessage[],
  topics: SagaTopics,
  orderIds: readonly string[],
): EventOutcome {
  const created = eventIdsByKey(messages, [topics.created]);
  const decided = eventIdsByKey(messages, topics.decisions);
  const accepted = new Set(orderIds);
  const all = [topics.created, ...topics.decisions];
  const ids = messages.filter((m) => all.includes(m.topic)).map((m) => `${m.topic} ${headerValue(m, 'ce_id')}`);
  return {
    missing: orderIds.filter((id) => !created.has(id) || !decided.has(id)),
    duplicated: orderIds.filter((id) => (created.get(id)?.size ?? 0) > 1 || (decided.get(id)?.size ?? 0) > 1),
    phantom: [...created.keys()].filter((key) => !accepted.has(key)),
    redelivered: ids.length - new Set(ids).size,
  };
}
