import { resolveLocalRef, toPointer } from '../contract-documents/json-pointer.ts';
import { pointerParts } from './source-lines.ts';

type Node = Record<string, unknown>;

/**
 * The JSON pointer of the schema node a change path names, starting at `start` and following `$ref`s and `allOf`
 * parts: `['payload', '/items/[]/quantity']` from a message → `…/properties/items/items/properties/quantity` where it
 * is defined. Stops at the deepest node that exists (the parent schema of a removed property).
 */
export function schemaPointer(document: unknown, start: string, keyword: string, schemaPath: string): string {
  let at = followRefs(document, start);
  const steps = [keyword, ...schemaSteps(schemaPath)];
  for (const step of steps) {
    const next = descend(document, at, step);
    if (next === undefined) break;
    at = followRefs(document, next);
    // AsyncAPI's Multi Format Schema Object holds the schema one level down.
    const node = nodeAt(document, at);
    if (node && 'schemaFormat' in node && 'schema' in node) at = followRefs(document, `${at}/schema`);
  }
  return at;
}

/** `/items/[]/quantity` → property `items`, array items, property `quantity`; `/oneOf[1]` → variant 1. */
function schemaSteps(schemaPath: string): string[][] {
  const steps: string[][] = [];
  for (const part of schemaPath.split('/').filter(Boolean)) {
    const variant = /^(oneOf|anyOf)\[(\d+)\]$/.exec(part);
    if (part === '[]') steps.push(['items']);
    else if (variant) steps.push([variant[1] ?? 'oneOf', variant[2] ?? '0']);
    else steps.push(['properties', part]);
  }
  return steps;
}

function descend(document: unknown, at: string, step: string | string[]): string | undefined {
  const keys = Array.isArray(step) ? step : [step];
  const direct = `${at}${toPointer(keys)}`;
  if (nodeAt(document, direct) !== undefined) return direct;
  const parts = nodeAt(document, at)?.allOf;
  if (!Array.isArray(parts)) return undefined;
  for (let i = 0; i < parts.length; i += 1) {
    const part = followRefs(document, `${at}/allOf/${i}`);
    const found = descend(document, part, keys);
    if (found) return found;
  }
  return undefined;
}

function followRefs(document: unknown, pointer: string, seen = new Set<string>()): string {
  const ref = nodeAt(document, pointer)?.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/') || seen.has(ref)) return pointer;
  if (resolveLocalRef(document, ref) === undefined) return pointer;
  const target = toPointer(pointerParts(decodeURIComponent(ref.slice(1))));
  return followRefs(document, target, new Set([...seen, ref]));
}

function nodeAt(document: unknown, pointer: string): Node | undefined {
  const node = resolveLocalRef(document, `#${pointer.split('/').map(encodeURIComponent).join('/')}`);
  return node && typeof node === 'object' ? (node as Node) : undefined;
}
