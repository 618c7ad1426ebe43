import { visit } from 'jsonc-parser';

/** A trie of the wanted pointers' segments; `line` is set once the scan passes the node. */
export interface Wanted {
  readonly children: Map<string, Wanted>;
  line?: number;
}

/** One open object or array of the scan: the wanted node it is (if any), the key or index of its next value. */
interface Frame {
  readonly wanted: Wanted | undefined;
  next: Wanted | undefined;
  index: number;
  readonly array: boolean;
}

/**
 * Lines of the given JSON pointers in JSON text, in one scan that builds no tree: a map entry's line is its key's,
 * an array item's its own; a pointer that does not exist stops at its deepest existing ancestor.
 * @example deepestLine(jsonPointerLines(text, [['paths', '/orders', 'get']]), ['paths', '/orders', 'get'])
 */
export function jsonPointerLines(text: string, pointers: Iterable<readonly string[]>): Wanted {
  const root: Wanted = { children: new Map() };
  for (const parts of pointers) {
    let node = root;
    for (const part of parts) {
      const child = node.children.get(part) ?? { children: new Map() };
      node.children.set(part, child);
      node = child;
    }
  }
  scan(text, root);
  return root;
}

/** The deepest wanted node on `parts` that the scan found: its line, and how many segments it matched. */
export function deepestLine(root: Wanted, parts: readonly string[]): { line: number | undefined; depth: number } {
  let node = root;
  let depth = 0;
  for (const part of parts) {
    const child = node.children.get(part);
    if (child?.line === undefined) break;
    node = child;
    depth += 1;
  }
  return { line: node.line, depth };
}

function scan(text: string, root: Wanted): void {
  const frames: Frame[] = [];
  /** The wanted node of the value that starts now: the root, a map value chosen by its key, or an item by index. */
  const valueStarts = (line: number): Wanted | undefined => {
    const parent = frames.at(-1);
    if (parent === undefined) {
      root.line ??= line + 1;
      return root;
    }
    if (!parent.array) return parent.next;
    const item = itemOf(parent);
    if (item) item.line ??= line + 1;
    return item;
  };
  const open = (array: boolean) => (_offset: number, _length: number, line: number) => {
    frames.push({ wanted: valueStarts(line), next: undefined, index: 0, array });
  };
  const close = () => {
    frames.pop();
  };
  visit(text, {
    onObjectBegin: open(false),
    onArrayBegin: open(true),
    onObjectEnd: close,
    onArrayEnd: close,
    onLiteralValue: (_value, _offset, _length, line) => {
      valueStarts(line);
    },
    onObjectProperty: (key, _offset, _length, line) => {
      const frame = frames.at(-1);
      if (!frame) return;
      frame.next = frame.wanted?.children.get(key);
      if (frame.next) frame.next.line ??= line + 1;
    },
  });
}

function itemOf(frame: Frame): Wanted | undefined {
  const wanted = frame.wanted?.children.get(String(frame.index));
  frame.index += 1;
  return wanted;
}
