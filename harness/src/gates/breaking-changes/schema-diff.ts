import { flattenSchema, typeSet, typesWithin, valueSet } from './flatten-schema.ts';
import { mapOf, refOf } from './resolve-refs.ts';
import type { Direction, LocatedChange, RefResolver } from './types.ts';

type Node = Record<string, unknown>;

/** What a schema comparison needs: both documents' resolvers, who reads the data, and where to put findings. */
export interface SchemaDiffContext {
  readonly before: RefResolver;
  readonly after: RefResolver;
  readonly direction: Direction;
  /** Rule id prefix, e.g. `response` or `sent-message`. */
  readonly rulePrefix: string;
  readonly changes: LocatedChange[];
  readonly seen?: Set<string>;
}

const written = (ctx: SchemaDiffContext): boolean => ctx.direction === 'written-by-others';

/** Compares two schemas and appends every difference, breaking or not, to `ctx.changes`. */
export function diffSchema(ctx: SchemaDiffContext, beforeRaw: unknown, afterRaw: unknown, path: string): void {
  const beforeRef = refOf(beforeRaw);
  const afterRef = refOf(afterRaw);
  const seen = ctx.seen ?? new Set<string>();
  // A recursive schema meets the same pair of $refs again below itself: stop there.
  const pair = beforeRef && afterRef ? `${beforeRef}|${afterRef}` : undefined;
  if (pair && seen.has(pair)) return;
  const inner = { ...ctx, seen: pair ? new Set([...seen, pair]) : seen };
  const before = flattenSchema(beforeRaw, ctx.before);
  const after = flattenSchema(afterRaw, ctx.after);
  if (!before || !after) return;
  diffTypes(inner, before, after, path);
  diffValues(inner, before, after, path);
  diffFormat(inner, before, after, path);
  diffBounds(inner, before, after, path);
  diffProperties(inner, before, after, path);
  if (before.items !== undefined || after.items !== undefined)
    diffSchema(inner, before.items, after.items, `${path}/[]`);
  diffVariants(inner, before, after, path);
}

function add(ctx: SchemaDiffContext, path: string, rule: string, message: string, breaking: boolean): void {
  ctx.changes.push({ path, rule: `${ctx.rulePrefix}-${rule}`, message, severity: breaking ? 'error' : 'info' });
}

function diffTypes(ctx: SchemaDiffContext, before: Node, after: Node, path: string): void {
  const old = typeSet(before);
  const now = typeSet(after);
  const show = (s: Set<string> | undefined) => (s ? [...s].join('|') : 'any');
  if (!old && !now) return;
  const lost = old && now ? typesWithin(old, now) : [];
  const gained = old && now ? typesWithin(now, old) : [];
  const message = `type changed from ${show(old)} to ${show(now)}`;
  if (written(ctx)) {
    if (!now) return;
    if (!old || lost.length > 0) add(ctx, path, 'type-narrowed', message, true);
    else if (gained.length > 0) add(ctx, path, 'type-widened', message, false);
  } else {
    if (!old) return;
    if (!now || gained.length > 0) add(ctx, path, 'type-changed', message, true);
    else if (lost.length > 0) add(ctx, path, 'type-narrowed', message, false);
  }
}

function diffValues(ctx: SchemaDiffContext, before: Node, after: Node, path: string): void {
  const old = valueSet(before);
  const now = valueSet(after);
  if (!old && !now) return;
  const key = (v: unknown) => JSON.stringify(v);
  const oldKeys = new Set((old ?? []).map(key));
  const nowKeys = new Set((now ?? []).map(key));
  const added = (now ?? []).filter((v) => !oldKeys.has(key(v))).map(key);
  const removed = (old ?? []).filter((v) => !nowKeys.has(key(v))).map(key);
  if (written(ctx)) {
    if (!old && now) add(ctx, path, 'enum-added', `now restricted to ${added.join(', ')}`, true);
    else if (removed.length > 0 && now)
      add(ctx, path, 'enum-value-removed', `no longer accepts ${removed.join(', ')}`, true);
    else if (added.length > 0) add(ctx, path, 'enum-value-added', `also accepts ${added.join(', ')}`, false);
    return;
  }
  if (old && !now) add(ctx, path, 'enum-removed', `no longer restricted to ${[...oldKeys].join(', ')}`, true);
  else if (added.length > 0 && removed.length > 0)
    add(ctx, path, 'enum-value-changed', `${removed.join(', ')} replaced by ${added.join(', ')}`, true);
  else if (added.length > 0) add(ctx, path, 'enum-value-added', `may now be ${added.join(', ')}`, false);
}

function diffFormat(ctx: SchemaDiffContext, before: Node, after: Node, path: string): void {
  const old = typeof before.format === 'string' ? before.format : undefined;
  const now = typeof after.format === 'string' ? after.format : undefined;
  if (old === now) return;
  const breaking = written(ctx) ? now !== undefined : old !== undefined;
  add(ctx, path, 'format-changed', `format changed from ${old ?? 'none'} to ${now ?? 'none'}`, breaking);
}

const UPPER = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'] as const;
const LOWER = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'] as const;

function diffBounds(ctx: SchemaDiffContext, before: Node, after: Node, path: string): void {
  for (const [keys, tighter] of [
    [UPPER, (o: number, n: number) => n < o],
    [LOWER, (o: number, n: number) => n > o],
  ] as const) {
    for (const keyword of keys) {
      const old = typeof before[keyword] === 'number' ? (before[keyword] as number) : undefined;
      const now = typeof after[keyword] === 'number' ? (after[keyword] as number) : undefined;
      if (old === now) continue;
      const narrowed = now !== undefined && (old === undefined || tighter(old, now));
      const message = `${keyword} changed from ${old ?? 'none'} to ${now ?? 'none'}`;
      add(ctx, path, `${keyword}-${narrowed ? 'narrowed' : 'widened'}`, message, written(ctx) ? narrowed : !narrowed);
    }
  }
  if (before.pattern !== after.pattern) {
    const breaking = written(ctx) ? after.pattern !== undefined : before.pattern !== undefined;
    add(
      ctx,
      path,
      'pattern-changed',
      `pattern changed from ${String(before.pattern ?? 'none')} to ${String(after.pattern ?? 'none')}`,
      breaking,
    );
  }
}

function requiredSet(schema: Node): Set<string> {
  return new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
}

function diffProperties(ctx: SchemaDiffContext, before: Node, after: Node, path: string): void {
  const old = mapOf(before, 'properties');
  const now = mapOf(after, 'properties');
  const oldRequired = requiredSet(before);
  const nowRequired = requiredSet(after);
  const at = (name: string) => `${path}/${name}`;
  for (const name of Object.keys(old)) {
    if (name in now) continue;
    if (written(ctx)) {
      const rejected = after.additionalProperties === false;
      add(
        ctx,
        at(name),
        'property-removed',
        rejected ? 'removed, and additional properties are rejected' : 'removed (now ignored)',
        rejected,
      );
    } else add(ctx, at(name), 'property-removed', `removed${oldRequired.has(name) ? ' (was required)' : ''}`, true);
  }
  for (const name of new Set([...Object.keys(now), ...nowRequired])) {
    const isNew = !(name in old);
    if (written(ctx) && nowRequired.has(name) && !oldRequired.has(name)) {
      add(
        ctx,
        at(name),
        isNew ? 'new-required-property' : 'property-became-required',
        isNew ? 'new required property' : 'became required',
        true,
      );
    } else if (!written(ctx) && oldRequired.has(name) && !nowRequired.has(name) && name in now) {
      add(ctx, at(name), 'property-became-optional', 'may now be absent', true);
    } else if (isNew && name in now)
      add(ctx, at(name), 'property-added', nowRequired.has(name) ? 'new property' : 'new optional property', false);
    if (name in old && name in now) diffSchema(ctx, old[name], now[name], at(name));
  }
  if (written(ctx) && before.additionalProperties !== false && after.additionalProperties === false) {
    add(ctx, path, 'additional-properties-rejected', 'unknown properties are now rejected', true);
  }
}

function diffVariants(ctx: SchemaDiffContext, before: Node, after: Node, path: string): void {
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const old = Array.isArray(before[keyword]) ? (before[keyword] as unknown[]) : [];
    const now = Array.isArray(after[keyword]) ? (after[keyword] as unknown[]) : [];
    if (old.length === 0 && now.length === 0) continue;
    if (now.length < old.length && written(ctx))
      add(ctx, path, `${keyword}-variant-removed`, `${old.length} → ${now.length} variants`, true);
    if (now.length > old.length && !written(ctx))
      add(ctx, path, `${keyword}-variant-added`, `${old.length} → ${now.length} variants`, true);
    for (let i = 0; i < Math.min(old.length, now.length); i += 1)
      diffSchema(ctx, old[i], now[i], `${path}/${keyword}[${i}]`);
  }
}
