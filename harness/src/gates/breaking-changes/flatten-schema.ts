import { deref, mapOf } from './resolve-refs.ts';
import type { RefResolver } from './types.ts';

type Node = Record<string, unknown>;

/**
 * A schema with its `$ref` resolved and its `allOf` parts folded in: properties merged (a property named by several
 * parts becomes an `allOf` of its definitions), `required` united, other keywords taken from the last part.
 */
export function flattenSchema(raw: unknown, resolve: RefResolver): Node | undefined {
  const node = deref(raw, resolve);
  if (!node) return undefined;
  const parts = Array.isArray(node.allOf) ? node.allOf.map((part) => flattenSchema(part, resolve)) : [];
  if (parts.length === 0) return node;
  const { allOf: _allOf, ...own } = node;
  const merged: Node = {};
  const properties: Record<string, unknown[]> = {};
  const required = new Set<string>();
  for (const part of [...parts, own]) {
    if (!part) continue;
    for (const [key, value] of Object.entries(part)) {
      if (key === 'properties' || key === 'required') continue;
      merged[key] = value;
    }
    for (const [name, schema] of Object.entries(mapOf(part, 'properties'))) {
      properties[name] = [...(properties[name] ?? []), schema];
    }
    if (Array.isArray(part.required)) for (const name of part.required) required.add(String(name));
  }
  const names = Object.keys(properties);
  if (names.length > 0) {
    merged.properties = Object.fromEntries(
      names.map((name) => {
        const defs = properties[name] ?? [];
        return [name, defs.length === 1 ? defs[0] : { allOf: defs }];
      }),
    );
  }
  if (required.size > 0) merged.required = [...required];
  return merged;
}

/** The JSON types a schema allows (`nullable: true` adds `null`); undefined when it does not restrict the type. */
export function typeSet(schema: Node): Set<string> | undefined {
  const raw = schema.type;
  const types = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? [raw] : undefined;
  if (!types) return undefined;
  const set = new Set(types);
  if (schema.nullable === true) set.add('null');
  return set;
}

/** The values a schema allows by `enum` or `const`; undefined when it has neither. */
export function valueSet(schema: Node): unknown[] | undefined {
  if ('const' in schema) return [schema.const];
  return Array.isArray(schema.enum) ? schema.enum : undefined;
}

/** Whether every type of `inner` is accepted by `outer` (integer is a number). */
export function typesWithin(inner: ReadonlySet<string>, outer: ReadonlySet<string>): string[] {
  return [...inner].filter((t) => !outer.has(t) && !(t === 'integer' && outer.has('number')));
}
