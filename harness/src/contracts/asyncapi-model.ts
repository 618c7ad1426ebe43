import { type MessageInterface, Parser, type SchemaInterface } from '@asyncapi/parser';
import { HarnessError } from '../errors.ts';
import { parseJsonText } from './json-text.ts';
import { documentFormat, readText } from './read-document.ts';
import { type RemoteRefMap, remoteRefResolvers } from './remote-refs.ts';
import type { SchemaSource } from './schema-compiler.ts';

/** One example of a message, as written in the document. */
export interface MessageExample {
  readonly name?: string;
  readonly headers?: Record<string, unknown>;
  readonly payload?: unknown;
}

/** One message of a channel, its schemas resolved, each with its `schemaFormat` and JSON pointer. */
export interface ChannelMessage {
  readonly id: string;
  readonly name: string;
  readonly contentType?: string;
  readonly payload?: SchemaSource;
  readonly headers?: SchemaSource;
  readonly key?: SchemaSource;
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
  /** Line (1-based) of the finding in `source`, when the parser gives one (always for YAML syntax errors). */
  readonly line?: number;
  /** The file the finding is in, when not the document itself (a `$ref`'d file). */
  readonly source?: string;
}

/** A diagnostic as one line: `file:line path: message`, naming the document by `label`. */
export function describeDiagnostic(diagnostic: Diagnostic, label: string): string {
  const file = diagnostic.source ?? label;
  const at = diagnostic.line === undefined ? file : `${file}:${diagnostic.line}`;
  return `${at} ${diagnostic.path || '(root)'}: ${diagnostic.message}`;
}

/** What `loadAsyncApiModel` returns: the document's version, channels and the parser's diagnostics. */
export interface AsyncApiModel {
  readonly path: string;
  readonly version: string;
  readonly channels: readonly Channel[];
  readonly diagnostics: readonly Diagnostic[];
}

const SEVERITIES = ['error', 'warning', 'info', 'hint'] as const;

interface SharedParser {
  readonly parser: Parser;
  /** Remote URLs the last parse could not fetch. */
  readonly unresolved: Set<string>;
  queue: Promise<unknown>;
}

const parsers = new Map<string, SharedParser>();

/** One parser per remote-ref map: building the parser's rulesets is the costly part, so it is reused. */
function parserFor(remoteRefs: RemoteRefMap | undefined): SharedParser {
  const key = JSON.stringify(remoteRefs ?? {});
  const existing = parsers.get(key);
  if (existing) return existing;
  const unresolved = new Set<string>();
  const resolvers = remoteRefResolvers(remoteRefs, unresolved);
  // No URI cache: every parse must see (and record) the URLs it cannot fetch.
  const parser = new Parser({ __unstable: { resolver: { cache: false, resolvers } } });
  const shared = { parser, unresolved, queue: Promise.resolve() as Promise<unknown> };
  parsers.set(key, shared);
  return shared;
}

/** Parses with a shared parser, one document at a time (its record of unfetched URLs belongs to one parse). */
async function parseShared(shared: SharedParser, text: string, path: string) {
  const run = shared.queue.then(async () => {
    shared.unresolved.clear();
    const output = await shared.parser.parse(text, { source: path });
    return { ...output, unresolved: [...shared.unresolved] };
  });
  shared.queue = run.catch(() => {});
  return run;
}

/**
 * Parses an AsyncAPI document (2.x, 3.0, 3.1) with @asyncapi/parser; throws when the parser cannot produce a
 * document. Remote `$ref`s in `remoteRefs` are read from local files; others that cannot be fetched are left for
 * the schema that needs them to fail.
 */
export async function loadAsyncApiModel(
  path: string,
  options: { remoteRefs?: RemoteRefMap } = {},
): Promise<AsyncApiModel> {
  const text = readAsyncApiText(path);
  const { document, diagnostics, unresolved } = await parseShared(parserFor(options.remoteRefs), text, path);
  const found: Diagnostic[] = diagnostics.map((d) => ({
    severity: SEVERITIES[d.severity] ?? 'error',
    code: String(d.code),
    message: d.message,
    path: d.path.join('.'),
    // Spectral counts lines from 0.
    ...(d.range ? { line: d.range.start.line + 1 } : {}),
    ...(d.source && d.source !== path ? { source: d.source } : {}),
  }));
  if (!document) {
    const errors = found.filter((d) => d.severity === 'error').map((d) => `  ${describeDiagnostic(d, path)}`);
    if (unresolved.length > 0)
      errors.unshift(`  remote $ref could not be fetched: ${unresolved.join(', ')} (map it in contracts.remoteRefs)`);
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
  const pointer = String(message.meta().pointer ?? '');
  const payloadFormat = message.schemaFormat();
  return {
    id: message.id(),
    name: message.name() ?? message.id(),
    ...(contentType ? { contentType } : {}),
    ...schemaField('payload', message.hasPayload() ? message.payload() : undefined, payloadFormat),
    ...schemaField('headers', message.hasHeaders() ? message.headers() : undefined),
    ...(key !== null && typeof key === 'object'
      ? { key: { schema: key, pointer: `${pointer}/bindings/kafka/key` } }
      : {}),
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

/** A message schema as a source; an AsyncAPI 3 Multi Format Schema Object (`{schemaFormat, schema}`) is unwrapped. */
function schemaField<K extends string>(
  name: K,
  model: SchemaInterface | undefined,
  messageFormat?: string,
): { [P in K]?: SchemaSource } {
  const value: unknown = model?.json();
  if (value === undefined || value === null || typeof value !== 'object') return {};
  const pointer = String(model?.meta().pointer ?? '');
  const raw = value as Record<string, unknown>;
  const source: SchemaSource =
    typeof raw.schemaFormat === 'string' && 'schema' in raw
      ? { schema: raw.schema, schemaFormat: raw.schemaFormat, pointer: `${pointer}/schema` }
      : { schema: raw, ...(messageFormat ? { schemaFormat: messageFormat } : {}), pointer };
  return { [name]: source } as { [P in K]?: SchemaSource };
}

/** The document's text; a `.json` document must be strict JSON (checked here: the parser's reader is lenient). */
function readAsyncApiText(path: string): string {
  const text = readText(path, 'AsyncAPI document');
  if (documentFormat(path) === 'json') parseJsonText(text, path);
  return text;
}
