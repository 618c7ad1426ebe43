import type { TappedMessage } from '@tracegate/trace-assertions';
import type { AsyncApiModel, ChannelMessage } from './asyncapi-model.ts';
import { type CompiledSchema, createSchemaCompiler, type SchemaSource } from './schema-compiler.ts';

/** A Kafka message as a tap records it (`TappedMessage` of `@tracegate/trace-assertions`); `valueBytes` for Avro. */
export type WireMessage = Pick<TappedMessage, 'topic' | 'headers' | 'value' | 'valueBytes'> & {
  readonly key?: string | null;
};

/** Header values as the schema sees them: a repeated header counts with its last value. */
export function lastHeaderValues(headers: WireMessage['headers']): Record<string, string> {
  // for…in over the record, not Object.entries: this runs once per message and per candidate.
  for (const name in headers) if (typeof headers[name] !== 'string') return lastOfEach(headers);
  // Every value is a single string (the usual case): a spread copies the record in one step. A copy still, since
  // type coercion writes into the object it checks.
  return { ...(headers as Record<string, string>) };
}

function lastOfEach(headers: WireMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    const last = typeof value === 'string' ? value : value?.at(-1);
    if (last !== undefined) out[name] = last;
  }
  return out;
}

/** The verdict on one message: which declared message it matched (or came closest to) and why it failed. */
export interface MessageVerdict {
  readonly ok: boolean;
  readonly declared: boolean;
  readonly message?: string;
  readonly errors: readonly string[];
}

/** The part of a message a schema describes. */
export type MessagePart = 'payload' | 'headers' | 'key';

/** A schema of a message that is not checked: it does not compile, or its format is not supported. */
export interface SchemaProblem {
  readonly channel: string;
  readonly messageId: string;
  readonly part: MessagePart;
  /** JSON pointer of the schema in the document. */
  readonly pointer: string;
  readonly kind: 'invalid' | 'not-checked';
  readonly reason: string;
}

/** Validates messages of the document's channels; every schema is compiled once, up front. */
export interface MessageValidator {
  readonly topics: readonly string[];
  /** Schemas that do not compile (a failure of that message) or are of an unsupported format (not checked). */
  readonly problems: readonly SchemaProblem[];
  /** Informational notes of the compiler (unknown formats, ignored keywords), each once. */
  readonly notices: readonly string[];
  /** How many schemas each dialect compiled. */
  readonly dialects: Readonly<Record<string, number>>;
  validate(message: WireMessage): MessageVerdict;
  /** Checks a document example (payload as data, headers as written) of one message. */
  validateExample(topic: string, messageId: string, example: { headers?: unknown; payload?: unknown }): string[];
}

interface CompiledMessage {
  readonly channel: string;
  readonly message: ChannelMessage;
  readonly parts: Partial<Record<MessagePart, CompiledSchema>>;
}

/** Compiles payload, headers and Kafka key schemas of every message, keyed by channel address. */
export function compileMessageValidator(model: AsyncApiModel): MessageValidator {
  const compiler = createSchemaCompiler();
  const headerCompiler = createSchemaCompiler({ coerceTypes: true });
  const byTopic = new Map<string, CompiledMessage[]>();
  for (const channel of model.channels) {
    const compiled = channel.messages.map((message) => ({
      channel: channel.address,
      message,
      parts: {
        ...compilePart('payload', message.payload, compiler.compile),
        ...compilePart('headers', message.headers, headerCompiler.compile),
        ...compilePart('key', message.key, compiler.compile),
      },
    }));
    byTopic.set(channel.address, [...(byTopic.get(channel.address) ?? []), ...compiled]);
  }
  const all = [...byTopic.values()].flat();
  return {
    topics: [...byTopic.keys()],
    problems: all.flatMap(problemsOf),
    notices: [...new Set([...compiler.notices(), ...headerCompiler.notices()])],
    dialects: countDialects(all),
    validate: (wire) => validateWire(model.path, byTopic.get(wire.topic), wire),
    validateExample(topic, messageId, example) {
      const candidate = byTopic.get(topic)?.find((c) => c.message.id === messageId);
      if (!candidate) return [`no message ${messageId} on ${topic}`];
      return [
        ...check(candidate.parts.payload, example.payload, 'payload', example.payload !== undefined),
        ...check(candidate.parts.headers, structuredClone(example.headers), 'headers', example.headers !== undefined),
      ];
    },
  };
}

function compilePart(
  part: MessagePart,
  source: SchemaSource | undefined,
  compile: (source: SchemaSource) => CompiledSchema,
): Partial<Record<MessagePart, CompiledSchema>> {
  return source ? { [part]: compile(source) } : {};
}

function countDialects(all: readonly CompiledMessage[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const schema of all.flatMap((c) => Object.values(c.parts)))
    if (schema.status === 'compiled') counts[schema.dialect] = (counts[schema.dialect] ?? 0) + 1;
  return counts;
}

function problemsOf(compiled: CompiledMessage): SchemaProblem[] {
  return (Object.entries(compiled.parts) as [MessagePart, CompiledSchema][]).flatMap(
    ([part, schema]): SchemaProblem[] => {
      if (schema.status === 'compiled') return [];
      const pointer = compiled.message[part]?.pointer ?? '';
      const base = { channel: compiled.channel, messageId: compiled.message.id, part, pointer };
      return schema.status === 'invalid'
        ? [{ ...base, kind: 'invalid', reason: schema.error }]
        : [{ ...base, kind: 'not-checked', reason: `schema format ${schema.format} is not supported` }];
    },
  );
}

function validateWire(path: string, candidates: CompiledMessage[] | undefined, wire: WireMessage): MessageVerdict {
  if (!candidates)
    return { ok: false, declared: false, errors: [`topic "${wire.topic}" is not a channel address of ${path}`] };
  let best: { candidate: CompiledMessage; errors: string[] } | undefined;
  for (const candidate of candidates) {
    const errors = checkWire(candidate, wire);
    if (!best || errors.length < best.errors.length) best = { candidate, errors };
    if (errors.length === 0) break;
  }
  if (!best) return { ok: false, declared: true, errors: [`no message is declared on ${wire.topic}`] };
  return { ok: best.errors.length === 0, declared: true, message: best.candidate.message.name, errors: best.errors };
}

function checkWire(candidate: CompiledMessage, wire: WireMessage): string[] {
  const errors: string[] = [];
  const payload = decodePayload(candidate, wire);
  if ('error' in payload) errors.push(payload.error);
  else append(errors, check(candidate.parts.payload, payload.data, 'payload', true));
  if (candidate.parts.headers)
    append(errors, check(candidate.parts.headers, lastHeaderValues(wire.headers), 'headers', true));
  if (candidate.parts.key) {
    if (wire.key === undefined || wire.key === null) errors.push('key is missing (the channel binding declares one)');
    else append(errors, check(candidate.parts.key, wire.key, 'key', true));
  }
  return errors;
}

/** Appends without spreading: most lists are empty, and a spread allocates for every message. */
function append(target: string[], items: readonly string[]): void {
  for (let i = 0; i < items.length; i += 1) target.push(items[i] as string);
}

/** Errors of `data` against a part's schema; a schema that does not compile fails every message that needs it. */
function check(schema: CompiledSchema | undefined, data: unknown, part: string, present: boolean): string[] {
  if (!schema || !present || schema.status === 'not-checked') return [];
  if (schema.status === 'invalid') return [`${part} schema does not compile: ${schema.error}`];
  return schema.check(data, part);
}

/** Binary Avro when the payload schema is Avro and the bytes are not JSON; otherwise by the message's content type. */
function decodePayload(candidate: CompiledMessage, wire: WireMessage): { data: unknown } | { error: string } {
  const schema = candidate.parts.payload;
  if (schema?.status === 'compiled' && schema.decode && wire.valueBytes && !isJson(wire.value))
    return schema.decode(wire.valueBytes);
  return decodeValue(candidate.message, wire.value);
}

function isJson(value: string | null): boolean {
  if (value === null) return true;
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}

function decodeValue(message: ChannelMessage, value: string | null): { data: unknown } | { error: string } {
  if (value === null) return { data: null };
  const json = (message.contentType ?? 'application/json').includes('json');
  if (!json) return { data: value };
  try {
    return { data: JSON.parse(value) };
  } catch {
    const schema = message.payload?.schema as Record<string, unknown> | undefined;
    const schemaType = schema?.type;
    if (schema === undefined || schemaType === undefined || schemaType === 'string') return { data: value };
    return { error: `payload is not JSON: ${value.slice(0, 80)}` };
  }
}
