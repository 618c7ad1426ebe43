import type { ValidateFunction } from 'ajv';
import { createContractAjv, describeErrors } from './ajv-factory.ts';
import type { AsyncApiModel, ChannelMessage } from './asyncapi-model.ts';

/** A Kafka message as seen on the wire, headers and key decoded as UTF-8. */
export interface WireMessage {
  readonly topic: string;
  readonly key?: string | null;
  readonly headers: Record<string, string>;
  readonly value: string | null;
}

/** The verdict on one message: which declared message it matched (or came closest to) and why it failed. */
export interface MessageVerdict {
  readonly ok: boolean;
  readonly declared: boolean;
  readonly message?: string;
  readonly errors: readonly string[];
}

/** Validates messages of the document's channels; every schema is compiled once, up front. */
export interface MessageValidator {
  readonly topics: readonly string[];
  validate(message: WireMessage): MessageVerdict;
  /** Checks a document example (payload as data, headers as written) of one message. */
  validateExample(topic: string, messageId: string, example: { headers?: unknown; payload?: unknown }): string[];
}

interface CompiledMessage {
  readonly message: ChannelMessage;
  readonly payload?: ValidateFunction;
  readonly headers?: ValidateFunction;
  readonly key?: ValidateFunction;
}

/** Compiles payload, headers and Kafka key schemas of every message, keyed by channel address. */
export function compileMessageValidator(model: AsyncApiModel): MessageValidator {
  const ajv = createContractAjv();
  const headerAjv = createContractAjv({ coerceTypes: true });
  const byTopic = new Map<string, CompiledMessage[]>();
  for (const channel of model.channels) {
    const compiled = channel.messages.map((message) => ({
      message,
      ...(message.payload ? { payload: ajv.compile(message.payload) } : {}),
      ...(message.headers ? { headers: headerAjv.compile(message.headers) } : {}),
      ...(message.key ? { key: ajv.compile(message.key) } : {}),
    }));
    byTopic.set(channel.address, [...(byTopic.get(channel.address) ?? []), ...compiled]);
  }
  return {
    topics: [...byTopic.keys()],
    validate(wire) {
      const candidates = byTopic.get(wire.topic);
      if (!candidates)
        return {
          ok: false,
          declared: false,
          errors: [`topic "${wire.topic}" is not a channel address of ${model.path}`],
        };
      const verdicts = candidates.map((candidate) => ({ candidate, errors: checkWire(candidate, wire) }));
      const best = verdicts.reduce((a, b) => (b.errors.length < a.errors.length ? b : a));
      return {
        ok: best.errors.length === 0,
        declared: true,
        message: best.candidate.message.name,
        errors: best.errors,
      };
    },
    validateExample(topic, messageId, example) {
      const candidate = byTopic.get(topic)?.find((c) => c.message.id === messageId);
      if (!candidate) return [`no message ${messageId} on ${topic}`];
      return [
        ...check(candidate.payload, example.payload, 'payload', example.payload !== undefined),
        ...check(candidate.headers, structuredClone(example.headers), 'headers', example.headers !== undefined),
      ];
    },
  };
}

function checkWire(candidate: CompiledMessage, wire: WireMessage): string[] {
  const errors: string[] = [];
  const payload = decodeValue(candidate.message, wire.value);
  if ('error' in payload) errors.push(payload.error);
  else errors.push(...check(candidate.payload, payload.data, 'payload', true));
  errors.push(...check(candidate.headers, { ...wire.headers }, 'headers', true));
  if (candidate.key) {
    if (wire.key === undefined || wire.key === null) errors.push('key is missing (the channel binding declares one)');
    else errors.push(...check(candidate.key, wire.key, 'key', true));
  }
  return errors;
}

function check(validate: ValidateFunction | undefined, data: unknown, part: string, present: boolean): string[] {
  if (!validate || !present) return [];
  return validate(data) ? [] : describeErrors(part, validate.errors);
}

function decodeValue(message: ChannelMessage, value: string | null): { data: unknown } | { error: string } {
  if (value === null) return { data: null };
  const json = (message.contentType ?? 'application/json').includes('json');
  if (!json) return { data: value };
  try {
    return { data: JSON.parse(value) };
  } catch {
    const schemaType = message.payload?.type;
    if (message.payload === undefined || schemaType === undefined || schemaType === 'string') return { data: value };
    return { error: `payload is not JSON: ${value.slice(0, 80)}` };
  }
}
