import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';

/** A path into a config value: keys and array indexes. */
export type ConfigPath = readonly (string | number)[];

/** Finds where a config value (or its key) is written: `file:line:column`, or undefined when unknown. */
export type Locate = (path: ConfigPath, options?: { key?: boolean; text?: string }) => string | undefined;

/** A position in a file, 1-based. */
export interface Position {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Parses YAML keeping positions; `locate` points at the value, at its key, or at a text inside the value. */
export function parseWithPositions(source: string, file: string): { value: unknown; locate: Locate } {
  const { value, find } = parsePositions(source, file);
  return {
    value,
    locate: (path, options) => {
      const at = find(path, options);
      return at ? `${at.file}:${at.line}:${at.column}` : undefined;
    },
  };
}

/** Like parseWithPositions, with structured positions. */
export function parsePositions(
  source: string,
  file: string,
): { value: unknown; find: (path: ConfigPath, options?: { key?: boolean; text?: string }) => Position | undefined } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: true });
  const [error] = doc.errors;
  if (error) {
    const at = error.linePos?.[0];
    const where = at ? `${file}:${at.line}:${at.col}` : file;
    const message = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw Object.assign(new Error(`${where}: not valid YAML: ${message}`), { cause: error });
  }
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const find = (path: ConfigPath, options: { key?: boolean; text?: string } = {}): Position | undefined => {
    if (options.key && path.length > 0) {
      const parent = doc.getIn(path.slice(0, -1), true);
      const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === path.at(-1)) : undefined;
      const range = isScalar(pair?.key) ? pair.key.range : undefined;
      return range ? position(range[0]) : undefined;
    }
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    if (!node?.range) return undefined;
    const inside = options.text ? source.slice(node.range[0], node.range[1]).indexOf(options.text) : -1;
    return position(node.range[0] + Math.max(0, inside));
  };
  return { value: doc.toJS(), find };
}
