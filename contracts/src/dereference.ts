import { ContractError } from './errors.ts';
import type { JsonSchema } from './types.ts';

/** Reads a local JSON pointer (`#/a/b`) in a document. */
export function resolvePointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) {
    throw new ContractError('UNRESOLVED_REF', `only local $ref values are supported, got ${ref}`);
  }
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object' || !(key in node)) {
      throw new ContractError('UNRESOLVED_REF', `$ref ${ref} does not resolve`);
    }
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Returns a copy of `value` with every local `$ref` replaced by its target (cycles are rejected). */
export function dereference(document: unknown, value: unknown, seen: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.map((item) => dereference(document, item, seen));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const ref = record.$ref;
  if (typeof ref === 'string') {
    if (seen.includes(ref)) throw new ContractError('UNRESOLVED_REF', `$ref cycle through ${ref}`);
    const { $ref: _ignored, ...siblings } = record;
    const target = dereference(document, resolvePointer(document, ref), [...seen, ref]);
    return Object.keys(siblings).length === 0 ? target : { ...(target as object), ...siblings };
  }
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(record)) copy[key] = dereference(document, child, seen);
  return copy;
}

/** Dereferences a schema found in a document. */
export function dereferenceSchema(document: unknown, schema: unknown): JsonSchema | undefined {
  if (schema === undefined) return undefined;
  return dereference(document, schema) as JsonSchema;
}
