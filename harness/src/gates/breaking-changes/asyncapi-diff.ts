import { HarnessError } from '../../errors.ts';
import { deref, localResolver, mapOf } from './resolve-refs.ts';
import { diffSchema } from './schema-diff.ts';
import type { Change, Direction, RefResolver } from './types.ts';

type Node = Record<string, unknown>;

interface ChannelView {
  readonly address: string;
  readonly actions: ReadonlySet<string>;
  readonly messages: ReadonlyMap<string, Node>;
}

/**
 * Every difference between two AsyncAPI 3 documents, judged by direction: on a channel the service sends on, a
 * removed or retyped payload/header field breaks its consumers; on one it receives on, a new required field breaks
 * its producers.
 */
export function diffAsyncApi(beforeDoc: unknown, afterDoc: unknown): Change[] {
  for (const doc of [beforeDoc, afterDoc]) {
    const version = String((doc as Node | undefined)?.asyncapi ?? '');
    if (!version.startsWith('3.')) {
      throw new HarnessError(
        'CONFIG_INVALID',
        `breaking-changes compares AsyncAPI 3.x documents; got asyncapi: "${version}"`,
      );
    }
  }
  const resolvers = { before: localResolver(beforeDoc), after: localResolver(afterDoc) };
  const before = channels(beforeDoc as Node, resolvers.before);
  const after = channels(afterDoc as Node, resolvers.after);
  const changes: Change[] = [];
  for (const [address, old] of before) {
    const now = after.get(address);
    if (!now) {
      changes.push({ path: address, rule: 'channel-removed', message: 'channel removed', breaking: true });
      continue;
    }
    for (const action of old.actions) {
      if (!now.actions.has(action)) {
        const sends = action === 'send';
        const message = sends
          ? 'the service no longer sends on it: its consumers starve'
          : 'the service no longer receives on it';
        changes.push({ path: address, rule: `${action}-operation-removed`, message, breaking: sends });
      }
    }
    diffMessages(changes, resolvers, old, now);
  }
  for (const address of after.keys()) {
    if (!before.has(address))
      changes.push({ path: address, rule: 'channel-added', message: 'new channel', breaking: false });
  }
  return changes;
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
    const messages = new Map<string, Node>();
    for (const [key, message] of Object.entries(mapOf(channel, 'messages'))) {
      const resolved = deref(message, resolve);
      if (resolved) messages.set(typeof resolved.name === 'string' ? resolved.name : key, resolved);
    }
    const address = typeof channel.address === 'string' ? channel.address : id;
    views.set(address, { address, actions: actions.get(id) ?? new Set(), messages });
  }
  return views;
}

function diffMessages(
  changes: Change[],
  resolvers: { before: RefResolver; after: RefResolver },
  before: ChannelView,
  after: ChannelView,
): void {
  // The current document says who writes and who reads now; without operations, judge it both ways.
  const actions = after.actions.size > 0 ? after.actions : before.actions;
  const directions: [Direction, string][] = [];
  if (actions.has('send') || actions.size === 0) directions.push(['read-by-others', 'sent-message']);
  if (actions.has('receive') || actions.size === 0) directions.push(['written-by-others', 'received-message']);
  const single = before.messages.size === 1 && after.messages.size === 1;
  for (const [name, old] of before.messages) {
    const now = after.messages.get(name) ?? (single ? [...after.messages.values()][0] : undefined);
    const at = `${before.address} ${name}`;
    if (!now) {
      changes.push({ path: at, rule: 'message-removed', message: `message ${name} removed`, breaking: true });
      continue;
    }
    for (const [direction, rulePrefix] of directions) {
      const ctx = { ...resolvers, direction, rulePrefix, changes };
      diffSchema(ctx, unwrap(old.payload), unwrap(now.payload), `${at} payload `);
      diffSchema(ctx, unwrap(old.headers), unwrap(now.headers), `${at} headers `);
      diffSchema(ctx, kafkaKey(old), kafkaKey(now), `${at} key `);
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
