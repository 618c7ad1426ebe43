import type { Readable } from 'node:stream';

/** Lines a process printed, across its output streams, in arrival order (bounded). */
export interface LineLog {
  /** Collects the lines of `stream`; `onLine` sees each complete line. */
  follow(stream: Readable, onLine?: (line: string) => void): void;
  lines(): string[];
  /** The last `count` lines, indented for an error message. */
  tail(count?: number): string;
}

/** A `LineLog` keeping at most `max` lines (the oldest are dropped). */
export function createLineLog(max = 50_000): LineLog {
  const all: string[] = [];
  const add = (line: string) => {
    all.push(line);
    if (all.length > max) all.splice(0, all.length - max);
  };
  return {
    follow(stream, onLine) {
      let partial = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop() ?? '';
        for (const line of parts) {
          add(line);
          onLine?.(line);
        }
      });
      stream.on('end', () => {
        if (partial) {
          add(partial);
          onLine?.(partial);
        }
        partial = '';
      });
    },
    lines: () => [...all],
    tail: (count = 30) =>
      all.length === 0
        ? '  | (no output)'
        : all
            .slice(-count)
            .map((line) => `  | ${line}`)
            .join('\n'),
  };
}
