// Kafka records for the event-validation bench, built from a document's own message examples: as the broker hands
// them over (key, value and header values as bytes), valid as written, and invalid by wrong-typed payload fields.
import type { AsyncApiModel } from '../contracts/asyncapi-model.ts';

/** A Kafka record as the client library returns it: bytes everywhere. */
export interface RawRecord {
  readonly topic: string;
  /** The message's `name`, for validators that look a message up by it. */
  readonly messageName: string;
  /** The channel's id in the document (asyncapi-validator's channel key). */
  readonly channelId: string;
  readonly key: Buffer | null;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, Buffer>>;
}

/** One valid record per example of every message, and one invalid record per valid one. */
export function exampleRecords(model: AsyncApiModel): { valid: RawRecord[]; invalid: RawRecord[] } {
  const valid: RawRecord[] = [];
  const invalid: RawRecord[] = [];
  for (const channel of model.channels) {
    for (const message of channel.messages) {
      for (const example of message.examples) {
        if (example.payload === undefined || typeof example.payload !== 'object' || example.payload === null) continue;
        const base = {
          topic: channel.address,
          messageName: message.name,
          channelId: channel.id,
          key: keyOf(example.payload),
          headers: headerBytes(example.headers ?? {}),
        };
        valid.push({ ...base, value: Buffer.from(JSON.stringify(example.payload)) });
        invalid.push({ ...base, value: Buffer.from(JSON.stringify(wrongTypes(example.payload))) });
      }
    }
  }
  return { valid, invalid };
}

/** The Kafka key the services use: the first `…Id` field of the payload (the reference documents key by entity id). */
function keyOf(payload: object): Buffer | null {
  const id = Object.entries(payload).find(([name, value]) => /id$/i.test(name) && typeof value === 'string');
  return id ? Buffer.from(id[1] as string) : null;
}

function headerBytes(headers: Record<string, unknown>): Record<string, Buffer> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Buffer.from(String(value))]));
}

/** Every top-level field with a value of another JSON type: as many errors as the payload has fields. */
function wrongTypes(payload: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [name, typeof value === 'string' ? 42 : `not ${typeof value}`]),
  );
}
