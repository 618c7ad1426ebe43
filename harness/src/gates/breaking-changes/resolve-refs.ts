import { resolveLocalRef } from '../contract-documents/json-pointer.ts';
import type { RefResolver } from './types.ts';

type Node = Record<string, unknown>;

/** A resolver over one document's local `$ref`s. */
export function localResolver(document: unknown): RefResolver {
  return (ref) => resolveLocalRef(document, ref);
}

/** Follows `$ref` chains (OpenAPI 3.1 allows siblings next to `$ref`: they are merged over the target). */
export function deref(node: unknown, resolve: RefResolver, seen: ReadonlySet<string> = new Set()): Node | undefined {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const { $ref, ...rest } = node as Node;
  if (typeof $ref !== 'string' || seen.has($ref)) return node as Node;
  const target = deref(resolve($ref), resolve, new Set([...seen, $ref]));
  return target ? { ...target, ...rest } : (rest as Node);
}

/** The `$ref` string of a node, if it is one (used to stop at recursive schemas). */
export function refOf(node: unknown): string | undefined {
  const ref = node && typeof node === 'object' ? (node as Node).$ref : undefined;
  return typeof ref === 'string' ? ref : undefined;
}

/** A map-valued field of a node (`properties`, `paths`, …) or an empty map. */
export function mapOf(node: Node | undefined, key: string): Node {
  const value = node?.[key];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Node) : {};
}
