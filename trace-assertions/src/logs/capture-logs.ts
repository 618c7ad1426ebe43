import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createLogStore, type LogStore } from './log-store.ts';
import type { LogFieldAliases } from './parse-log-line.ts';

/** Options of captureLogs. */
export interface CaptureLogsOptions {
  /** The JSON field holding the correlation id (default 'correlation_id'). */
  readonly correlationField?: string;
  /** Field names tried before the well-known ones (pino, OTel, ECS), e.g. Python's `{ traceId: ['otelTraceID'] }`. */
  readonly fields?: LogFieldAliases;
  /** For a file: read what is already there (default true) before following appends. */
  readonly fromStart?: boolean;
  /** For a file: how often to look for appended bytes (default 50 ms). */
  readonly pollIntervalMs?: number;
}

/** Splits chunks into lines, keeping the unfinished tail for the next chunk. */
function lineSplitter(sink: (lines: string[]) => void): { push(chunk: string): void; end(): void } {
  let rest = '';
  return {
    push(chunk) {
      const parts = (rest + chunk).split(/\r?\n/);
      rest = parts.pop() ?? '';
      sink(parts);
    },
    end() {
      if (rest !== '') sink([rest]);
      rest = '';
    },
  };
}

function fromStream(store: LogStore, stream: Readable): () => Promise<void> {
  const splitter = lineSplitter((lines) => store.add(lines));
  const onData = (chunk: Buffer | string) => splitter.push(chunk.toString());
  const onEnd = () => splitter.end();
  stream.on('data', onData);
  stream.once('end', onEnd);
  return async () => {
    stream.off('data', onData);
    stream.off('end', onEnd);
    splitter.end();
  };
}

function fromFile(store: LogStore, path: string, options: CaptureLogsOptions): () => Promise<void> {
  const splitter = lineSplitter((lines) => store.add(lines));
  let offset = -1;
  let reading: Promise<void> = Promise.resolve();
  const readMore = async () => {
    const handle = await open(path, 'r').catch(() => undefined);
    if (handle === undefined) return;
    try {
      const { size } = await handle.stat();
      if (offset < 0) offset = options.fromStart === false ? size : 0;
      if (size < offset) offset = 0; // truncated or rotated: start again
      if (size === offset) return;
      const buffer = Buffer.alloc(size - offset);
      await handle.read(buffer, 0, buffer.length, offset);
      offset = size;
      splitter.push(buffer.toString('utf8'));
    } finally {
      await handle.close();
    }
  };
  const tick = () => {
    reading = reading.then(readMore).catch(() => undefined);
  };
  tick();
  const timer = setInterval(tick, options.pollIntervalMs ?? 50);
  timer.unref();
  return async () => {
    clearInterval(timer);
    tick();
    await reading;
    splitter.end();
  };
}

/**
 * Captures log lines from a stream (e.g. a child's stdout), a file path (tailed) or an array of lines/objects.
 * @example const logs = captureLogs(child.stdout); await logs.waitFor({ traceId, service: 'payment-service' });
 */
export function captureLogs(
  source: Readable | string | readonly (string | object)[],
  options: CaptureLogsOptions = {},
): LogStore {
  const names = {
    correlationField: options.correlationField ?? 'correlation_id',
    ...(options.fields ? { fields: options.fields } : {}),
  };
  let release: () => Promise<void> = async () => {};
  const store = createLogStore(names, () => release());
  if (typeof source === 'string') release = fromFile(store, source, options);
  else if (Array.isArray(source)) store.add(source);
  else release = fromStream(store, source as Readable);
  return store;
}
