import { HarnessError } from '../../errors.ts';
import { toPointer } from '../contract-documents/json-pointer.ts';
import { deref, localResolver, mapOf } from './resolve-refs.ts';
import { diffSchema } from './schema-diff.ts';
import { schemaPointer } from './schema-pointer.ts';
import type { Direction, LocatedChange, RefResolver } from './types.ts';

type Node = Record<string, unknown>;

interface MessageView {
  readonly node: Node;
  /** JSON pointer of the message in its document (before any `$ref` is followed). */
  readonly pointer: string;
}

interface ChannelView {
  readonly address: string;
  readonly pointer: string;
  readonly actions: ReadonlySet<string>;
  readonly messages: ReadonlyMap<string, MessageView>;
}

/**
 * Every difference between two AsyncAPI 3 documents, judged by direction: on a channel the service sends on, a
 * removed or retyped payload/header field breaks its consumers; on one it receives on, a new required field breaks
 * its producers.
 */
export function diffAsyncApi(beforeDoc: unknown, afterDoc: unknown): LocatedChange[] {
  for (const doc of [beforeDoc, afterDoc]) assertAsyncApi3(doc);
  const resolvers = { before: localResolver(beforeDoc), after: localResolver(afterDoc) };
  const before = channels(beforeDoc as Node, resolvers.before);
  const after = channels(afterDoc as Node, resolvers.after);
  const changes: LocatedChange[] = [];
  for (const [address, old] of before) {
    const now = after.get(address);
    if (!now) {
      const removed = { rule: 'channel-removed', message: 'channel removed', severity: 'error' } as const;
      changes.push({ path: address, ...removed, pointer: '/channels' });
      continue;
    }
    changes.push(...removedOperations(old, now));
    diffMessages({ changes, resolvers, afterDoc }, old, now);
  }
  for (const [address, view] of after) {
    if (!before.has(address)) {
      changes.push({
        path: address,
        rule: 'channel-added',
        message: 'new channel',
        severity: 'info',
        pointer: view.pointer,
      });
    }
  }
  return changes;
}

function assertAsyncApi3(doc: unknown): void {
  const version = String((doc as Node | undefined)?.asyncapi ?? '');
  if (!version.startsWith('3.')) {
    throw new HarnessError(
      'CONFIG_INVALID',
      `breaking-changes compares AsyncAPI 3.x documents; got asyncapi: "${version}"`,
    );
  }
}

/** The operations the channel lost: a send no longer made starves its consumers. */
function removedOperations(before: ChannelView, after: ChannelView): LocatedChange[] {
  return [...before.actions]
    .filter((action) => !after.actions.has(action))
    .map((action) => {
      const sends = action === 'send';
      const message = sends
        ? 'the service no longer sends on it: its consumers starve'
        : 'the service no longer receives on it';
      const severity = sends ? 'error' : 'info';
      return { path: before.address, rule: `${action}-operation-removed`, message, severity, pointer: '/operations' };
    });
}

function channels(doc: Node, resolve: RefResolver): Map<string, ChannelView> {
  const actions = new Map<string, Set<string>>();
  for (const raw of Object.values(mapOf(doc, 'operations'))) {
    const operation = deref(raw, resolve);
    const ref = (operation?.channel as Node | undefined)?.$ref;
    if (typeof ref !== 'string' || typeof operation?.action !== 'string') continue;
    const id = decodeURIComponent(ref.replace(/^#\/channels\//, ''))
      .replaceAll('~1', '/')
      .replaceAll('~0', '~');
    actions.set(id, (actions.get(id) ?? new Set()).add(operation.action));
  }
  const views = new Map<string, ChannelView>();
  for (const [id, raw] of Object.entries(mapOf(doc, 'channels'))) {
    const channel = deref(raw, resolve);
    if (!channel) continue;
    const pointer = toPointer(['channels', id]);
    const messages = new Map<string, MessageView>();
    for (const [key, message] of Object.entries(mapOf(channel, 'messages'))) {
      const resolved = deref(message, resolve);
      const at = `${pointer}${toPointer(['messages', key])}`;
      if (resolved)
        messages.set(typeof resolved.name === 'string' ? resolved.name : key, { node: resolved, pointer: at });
    }
    const address = typeof channel.address === 'string' ? channel.address : id;
    views.set(address, { address, pointer, actions: actions.get(id) ?? new Set(), messages });
  }
  return views;
}

type DiffInput = {
  changes: LocatedChange[];
  resolvers: { before: RefResolver; after: RefResolver };
  afterDoc: unknown;
};

/** Who the messages' readers and writers are: the current document says; without operations, both. */
function directionsOf(before: ChannelView, after: ChannelView): [Direction, string][] {
  const actions = after.actions.size > 0 ? after.actions : before.actions;
  const directions: [Direction, string][] = [];
  if (actions.has('send') || actions.size === 0) directions.push(['read-by-others', 'sent-message']);
  if (actions.has('receive') || actions.size === 0) directions.push(['written-by-others', 'received-message']);
  return directions;
}

function diffMessages(input: DiffInput, before: ChannelView, after: ChannelView): void {
  const directions = directionsOf(before, after);
  const single = before.messages.size === 1 && after.messages.size === 1;
  for (const [name, old] of before.messages) {
    const now = after.messages.get(name) ?? (single ? [...after.messages.values()][0] : undefined);
    const at = `${before.address} ${name}`;
    if (!now) {
      const message = `message ${name} removed`;
      input.changes.push({ path: at, rule: 'message-removed', message, severity: 'error', pointer: after.pointer });
      continue;
    }
    for (const [direction, rulePrefix] of directions) diffParts(input, { at, old, now, direction, rulePrefix });
  }
}

/** Diffs a message's payload, headers and Kafka key schemas, pointing each change into the current document. */
function diffParts(
  { changes, resolvers, afterDoc }: DiffInput,
  message: { at: string; old: MessageView; now: MessageView; direction: Direction; rulePrefix: string },
): void {
  const { at, old, now, direction, rulePrefix } = message;
  const parts: [string, unknown, unknown][] = [
    ['payload', unwrap(old.node.payload), unwrap(now.node.payload)],
    ['headers', unwrap(old.node.headers), unwrap(now.node.headers)],
    ['key', kafkaKey(old.node), kafkaKey(now.node)],
  ];
  for (const [keyword, was, is] of parts) {
    const found: LocatedChange[] = [];
    diffSchema({ ...resolvers, direction, rulePrefix, changes: found }, was, is, `${at} ${keyword} `);
    for (const change of found) {
      const schemaPath = change.path.slice(`${at} ${keyword} `.length);
      const start = keyword === 'key' ? `${now.pointer}/bindings/kafka` : now.pointer;
      changes.push({ ...change, pointer: schemaPointer(afterDoc, start, keyword, schemaPath) });
    }
  }
}

function kafkaKey(message: Node): unknown {
  return ((message.bindings as Node | undefined)?.kafka as Node | undefined)?.key;
}

/** AsyncAPI 3 allows a Multi Format Schema Object (`{ schemaFormat, schema }`) where a schema goes. */
function unwrap(schema: unknown): unknown {
  const node = schema as Node | undefined;
  return node && typeof node === 'object' && 'schemaFormat' in node && 'schema' in node ? node.schema : schema;
}
