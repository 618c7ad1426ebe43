import { readFileSync } from 'node:fs';
import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { deepestLine, jsonPointerLines, type Wanted } from './json-lines.ts';

/** A contract document's text with the line of every node, to place findings at `file:line`. */
export interface SourceLines {
  readonly file: string;
  /** Line (1-based) of the node at `pointer`, else of its nearest ancestor that exists; 1 for the root. */
  lineOf(pointer: string): number;
  /** Whether a node exists at `pointer`. */
  has(pointer: string): boolean;
}

/**
 * Positions in a YAML or JSON document. JSON text is scanned for the `pointers` asked (one scan, no tree: an 11 MB
 * description costs a fraction of a second, where a positioned parse holds hundreds of MB); a pointer not among
 * them costs one more scan. YAML is parsed with positions.
 */
export function sourceLines(
  file: string,
  text = readFileSync(file, 'utf8'),
  pointers: Iterable<string> = [],
): SourceLines {
  return /^\uFEFF?\s*[{[]/.test(text) ? jsonSourceLines(file, text, pointers) : yamlSourceLines(file, text);
}

function jsonSourceLines(file: string, text: string, pointers: Iterable<string>): SourceLines {
  const wanted = new Map<string, string[]>();
  for (const pointer of pointers) wanted.set(pointer, pointerParts(pointer));
  let scanned: Wanted | undefined;
  const find = (pointer: string) => {
    let parts = wanted.get(pointer);
    if (!parts) {
      parts = pointerParts(pointer);
      wanted.set(pointer, parts);
      scanned = undefined;
    }
    scanned ??= jsonPointerLines(text, wanted.values());
    return { ...deepestLine(scanned, parts), wanted: parts.length };
  };
  return {
    file,
    lineOf: (pointer) => find(pointer).line ?? 1,
    has(pointer) {
      const { depth, wanted: length } = find(pointer);
      return depth === length;
    },
  };
}

function yamlSourceLines(file: string, text: string): SourceLines {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, keepSourceTokens: true });
  const find = (pointer: string): { at: number | undefined; depth: number; wanted: number } => {
    const parts = pointerParts(pointer);
    let node = doc.contents as Node | null;
    let at = node?.range?.[0];
    let depth = 0;
    for (const part of parts) {
      const next = child(node, part);
      if (!next) break;
      node = next.value;
      at = next.at ?? at;
      depth += 1;
    }
    return { at, depth, wanted: parts.length };
  };
  return {
    file,
    lineOf(pointer) {
      const offset = find(pointer).at;
      return offset === undefined ? 1 : counter.linePos(offset).line;
    },
    has(pointer) {
      const { depth, wanted } = find(pointer);
      return depth === wanted;
    },
  };
}

/** The child at `key` and where it starts: a map entry at its key, an item at itself. */
function child(node: Node | null, key: string): { value: Node | null; at: number | undefined } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) => String((item.key as { value?: unknown } | null)?.value ?? item.key) === key);
    if (!pair) return undefined;
    return { value: pair.value as Node | null, at: (pair.key as Node | null)?.range?.[0] };
  }
  if (isSeq(node) && /^\d+$/.test(key)) {
    const item = node.items[Number(key)] as Node | null | undefined;
    return item ? { value: item, at: item.range?.[0] } : undefined;
  }
  return undefined;
}

/** The unescaped segments of a JSON pointer (`/paths/~1orders/get` → `['paths', '/orders', 'get']`). */
export function pointerParts(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
}
