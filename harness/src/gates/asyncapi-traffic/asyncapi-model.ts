import { readFileSync } from 'node:fs';
import { type MessageInterface, Parser } from '@asyncapi/parser';
import { HarnessError } from '../../errors.ts';
import { type Schema, stripExtensions } from './strip-extensions.ts';

/** One example of a message, as written in the document. */
export interface MessageExample {
  readonly name?: string;
  readonly headers?: Record<string, unknown>;
  readonly payload?: unknown;
}

/** One message of a channel, its schemas resolved and free of `x-` keys. */
export interface ChannelMessage {
  readonly id: string;
  readonly name: string;
  readonly contentType?: string;
  readonly payload?: Schema;
  readonly headers?: Schema;
  readonly key?: Schema;
  readonly examples: readonly MessageExample[];
}

/** A channel (a Kafka topic by its address) with the directions the document's operations give it. */
export interface Channel {
  readonly id: string;
  readonly address: string;
  readonly actions: ReadonlySet<'send' | 'receive'>;
  readonly messages: readonly ChannelMessage[];
}

/** One finding of the AsyncAPI parser (spectral rules and schema validation). */
export interface Diagnostic {
  readonly severity: 'error' | 'warning' | 'info' | 'hint';
  readonly code: string;
  readonly message: string;
  readonly path: string;
}

/** What `loadAsyncApiModel` returns: the document's version, channels and the parser's diagnostics. */
export interface AsyncApiModel {
  readonly path: string;
  readonly version: string;
  readonly channels: readonly Channel[];
  readonly diagnostics: readonly Diagnostic[];
}

const SEVERITIES = ['error', 'warning', 'info', 'hint'] as const;

/** Parses an AsyncAPI document with @asyncapi/parser; throws when the parser cannot produce a document. */
export async function loadAsyncApiModel(path: string): Promise<AsyncApiModel> {
  const text = readText(path);
  const { document, diagnostics } = await new Parser().parse(text, { source: path });
  const found: Diagnostic[] = diagnostics.map((d) => ({
    severity: SEVERITIES[d.severity] ?? 'error',
    code: String(d.code),
    message: d.message,
    path: d.path.join('.'),
  }));
  if (!document) {
    const errors = found.filter((d) => d.severity === 'error').map((d) => `  ${d.path}: ${d.message}`);
    throw new HarnessError('CONFIG_INVALID', `${path} is not a valid AsyncAPI document:\n${errors.join('\n')}`);
  }
  const channels: Channel[] = document
    .channels()
    .all()
    .map((channel) => ({
      id: channel.id(),
      address: channel.address() ?? channel.id(),
      actions: new Set(
        channel
          .operations()
          .all()
          .map((operation) => operation.action())
          .filter((action): action is 'send' | 'receive' => action === 'send' || action === 'receive'),
      ),
      messages: channel
        .messages()
        .all()
        .map((message) => toMessage(message)),
    }));
  return { path, version: document.info().version(), channels, diagnostics: found };
}

function toMessage(message: MessageInterface): ChannelMessage {
  const key = message.bindings().get('kafka')?.value<{ key?: unknown }>()?.key;
  const contentType = message.contentType();
  return {
    id: message.id(),
    name: message.name() ?? message.id(),
    ...(contentType ? { contentType } : {}),
    ...schemaField('payload', message.hasPayload() ? message.payload()?.json() : undefined),
    ...schemaField('headers', message.hasHeaders() ? message.headers()?.json() : undefined),
    ...schemaField('key', key),
    examples: message
      .examples()
      .all()
      .map((example) => ({
        ...(example.hasName() ? { name: String(example.name()) } : {}),
        ...(example.hasHeaders() ? { headers: example.headers() ?? {} } : {}),
        ...(example.hasPayload() ? { payload: example.payload() } : {}),
      })),
  };
}

function schemaField<K extends string>(name: K, value: unknown): { [P in K]?: Schema } {
  if (value === undefined || value === null || typeof value !== 'object') return {};
  return { [name]: stripExtensions(value) as Schema } as { [P in K]?: Schema };
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new HarnessError('CONFIG_NOT_FOUND', `cannot read AsyncAPI document ${path}`, { cause: error });
  }
}
