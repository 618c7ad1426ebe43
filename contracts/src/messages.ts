import { dereference, dereferenceSchema } from './dereference.ts';
import { ContractError } from './errors.ts';
import { loadAsyncApi } from './load.ts';
import type { AsyncApiMessage, AsyncApiMessageExample, EventTopic, JsonSchema } from './types.ts';

/** The event topics the services publish or consume, in the order events usually flow. */
export const eventTopics: readonly EventTopic[] = [
  'order.created',
  'order.cancelled',
  'payment.authorized',
  'payment.declined',
  'payment.refunded',
  'order.payment-rejected',
  'shipment.scheduled',
];

/** The dead-letter topic of a topic. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

let messages: readonly AsyncApiMessage[] | undefined;

function toMessage(channelId: string, address: string, raw: Record<string, unknown>): AsyncApiMessage {
  const bindings = raw.bindings as { kafka?: { key?: unknown } } | undefined;
  const document = loadAsyncApi();
  return {
    channelId,
    address,
    name: String(raw.name ?? channelId),
    contentType: typeof raw.contentType === 'string' ? raw.contentType : undefined,
    headers: dereferenceSchema(document, raw.headers),
    payload: dereferenceSchema(document, raw.payload),
    key: dereferenceSchema(document, bindings?.kafka?.key),
    examples: (raw.examples as AsyncApiMessageExample[] | undefined) ?? [],
  };
}

/**
 * Every message of every channel, `$ref`s resolved.
 * @example const created = asyncapiMessages().find((m) => m.address === 'order.created');
 */
export function asyncapiMessages(): readonly AsyncApiMessage[] {
  if (messages) return messages;
  const document = loadAsyncApi();
  const list: AsyncApiMessage[] = [];
  for (const [channelId, channel] of Object.entries(document.channels)) {
    for (const message of Object.values(channel.messages)) {
      const resolved = dereference(document, message) as Record<string, unknown>;
      list.push(toMessage(channelId, channel.address, resolved));
    }
  }
  messages = list;
  return list;
}

/** The (single) message published on a channel address, e.g. `order.created`. */
export function asyncapiMessage(address: string): AsyncApiMessage {
  const found = asyncapiMessages().find((message) => message.address === address);
  if (!found) throw new ContractError('UNKNOWN_CHANNEL', `asyncapi.yaml has no channel with address "${address}"`);
  return found;
}

/** A component schema of the OpenAPI or AsyncAPI document, `$ref`s resolved. */
export function componentSchema(document: { components?: unknown }, name: string): JsonSchema {
  const schemas = (document.components as { schemas?: Record<string, unknown> } | undefined)?.schemas;
  const schema = schemas?.[name];
  if (schema === undefined) throw new ContractError('UNRESOLVED_REF', `no component schema named "${name}"`);
  return dereference(document, schema) as JsonSchema;
}
