import { deref, localResolver, mapOf } from './resolve-refs.ts';
import { diffSchema } from './schema-diff.ts';
import type { Change, Direction, RefResolver } from './types.ts';

type Node = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

interface Sides {
  readonly before: RefResolver;
  readonly after: RefResolver;
  readonly changes: Change[];
}

/** Every difference between two OpenAPI 3.x documents, breaking ones flagged (oasdiff-class rules). */
export function diffOpenApi(beforeDoc: unknown, afterDoc: unknown): Change[] {
  const sides: Sides = { before: localResolver(beforeDoc), after: localResolver(afterDoc), changes: [] };
  const before = byTemplate(mapOf(beforeDoc as Node, 'paths'));
  const after = byTemplate(mapOf(afterDoc as Node, 'paths'));
  for (const [key, [path, oldItem]] of before) {
    const nowItem = after.get(key)?.[1];
    for (const method of METHODS) {
      const old = deref(oldItem[method], sides.before);
      if (!old) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const now = nowItem ? deref(nowItem[method], sides.after) : undefined;
      if (!now) add(sides, where, 'operation-removed', 'operation removed', true);
      else diffOperation(sides, where, { item: oldItem, op: old }, { item: nowItem ?? {}, op: now });
    }
  }
  for (const [key, [path, nowItem]] of after) {
    for (const method of METHODS) {
      if (nowItem[method] && !before.get(key)?.[1][method])
        add(sides, `${method.toUpperCase()} ${path}`, 'operation-added', 'new operation', false);
    }
  }
  return sides.changes;
}

function add(sides: Sides, path: string, rule: string, message: string, breaking: boolean): void {
  sides.changes.push({ path, rule, message, breaking });
}

/** Path items keyed by their template with parameter names erased (`/orders/{}`), so a renamed parameter matches. */
function byTemplate(paths: Node): Map<string, [string, Node]> {
  return new Map(Object.entries(paths).map(([path, item]) => [path.replace(/\{[^}]*\}/g, '{}'), [path, item as Node]]));
}

interface Operation {
  readonly item: Node;
  readonly op: Node;
}

function diffOperation(sides: Sides, where: string, before: Operation, after: Operation): void {
  diffParameters(sides, where, parameters(before, sides.before), parameters(after, sides.after));
  diffRequestBody(sides, where, deref(before.op.requestBody, sides.before), deref(after.op.requestBody, sides.after));
  const old = mapOf(before.op, 'responses');
  const now = mapOf(after.op, 'responses');
  for (const status of Object.keys(old)) {
    if (!(status in now))
      add(sides, `${where} ${status}`, 'response-status-removed', `response ${status} removed`, true);
    else diffResponse(sides, `${where} ${status}`, deref(old[status], sides.before), deref(now[status], sides.after));
  }
  for (const status of Object.keys(now)) {
    if (!(status in old)) add(sides, `${where} ${status}`, 'response-status-added', `response ${status} added`, false);
  }
}

function parameters({ item, op }: Operation, resolve: RefResolver): Map<string, Node> {
  const all = [...asArray(item.parameters), ...asArray(op.parameters)]
    .map((p) => deref(p, resolve))
    .filter((p) => p !== undefined);
  return new Map(
    all.map((p) => [`${String(p.in)} ${p.in === 'header' ? String(p.name).toLowerCase() : String(p.name)}`, p]),
  );
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function diffParameters(sides: Sides, where: string, before: Map<string, Node>, after: Map<string, Node>): void {
  for (const [key, old] of before) {
    const now = after.get(key);
    const at = `${where} parameter ${key}`;
    if (!now) {
      add(sides, at, 'request-parameter-removed', 'parameter removed (now ignored)', false);
      continue;
    }
    if (now.required === true && old.required !== true)
      add(sides, at, 'request-parameter-became-required', 'became required', true);
    schemaDiff(sides, 'written-by-others', 'request-parameter', old.schema, now.schema, at);
  }
  for (const [key, now] of after) {
    if (before.has(key)) continue;
    const required = now.required === true;
    add(
      sides,
      `${where} parameter ${key}`,
      required ? 'new-required-request-parameter' : 'new-optional-request-parameter',
      required ? 'new required parameter' : 'new optional parameter',
      required,
    );
  }
}

function diffRequestBody(sides: Sides, where: string, before: Node | undefined, after: Node | undefined): void {
  const at = `${where} request body`;
  if (!after) {
    if (before) add(sides, at, 'request-body-removed', 'request body removed', false);
    return;
  }
  if (after.required === true && before?.required !== true)
    add(sides, at, 'request-body-became-required', 'request body became required', true);
  const old = mapOf(before, 'content');
  const now = mapOf(after, 'content');
  for (const media of Object.keys(old)) {
    const nowMedia = now[media] as Node | undefined;
    if (!nowMedia) add(sides, `${at} ${media}`, 'request-body-media-type-removed', `${media} no longer accepted`, true);
    else
      schemaDiff(sides, 'written-by-others', 'request', (old[media] as Node).schema, nowMedia.schema, `${at} ${media}`);
  }
}

function diffResponse(sides: Sides, at: string, before: Node | undefined, after: Node | undefined): void {
  const old = mapOf(before, 'content');
  const now = mapOf(after, 'content');
  for (const media of Object.keys(old)) {
    const nowMedia = now[media] as Node | undefined;
    if (!nowMedia) add(sides, `${at} ${media}`, 'response-media-type-removed', `${media} no longer returned`, true);
    else
      schemaDiff(sides, 'read-by-others', 'response', (old[media] as Node).schema, nowMedia.schema, `${at} ${media}`);
  }
  const oldHeaders = mapOf(before, 'headers');
  const nowHeaders = lowerKeys(mapOf(after, 'headers'));
  for (const [name, raw] of Object.entries(oldHeaders)) {
    const header = deref(raw, sides.before);
    const now = deref(nowHeaders[name.toLowerCase()], sides.after);
    const where = `${at} header ${name}`;
    if (!now) add(sides, where, 'response-header-removed', 'header removed', header?.required === true);
    else {
      if (header?.required === true && now.required !== true)
        add(sides, where, 'response-header-became-optional', 'may now be absent', true);
      schemaDiff(sides, 'read-by-others', 'response-header', header?.schema, now.schema, where);
    }
  }
}

function lowerKeys(node: Node): Node {
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k.toLowerCase(), v]));
}

function schemaDiff(
  sides: Sides,
  direction: Direction,
  rulePrefix: string,
  before: unknown,
  after: unknown,
  at: string,
): void {
  if (before === undefined && after === undefined) return;
  diffSchema(
    { before: sides.before, after: sides.after, direction, rulePrefix, changes: sides.changes },
    before,
    after,
    `${at.trimEnd()} `,
  );
}
