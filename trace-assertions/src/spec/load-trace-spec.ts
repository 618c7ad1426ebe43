import { readFile } from 'node:fs/promises';
import { parse, YAMLError } from 'yaml';
import { readHops } from './read-hops.ts';
import { readSpecs } from './read-specs.ts';
import { join, SpecReader } from './spec-reader.ts';
import type { HttpTrigger, LoadTraceSpecOptions, TraceSpecDocument } from './types.ts';

const TOP_LEVEL = ['name', 'description', 'trigger', 'timeoutMs', 'settleMs', 'specs', 'chain'];
const HTTP_KEYS = ['method', 'url', 'headers', 'body', 'expectStatus'];

function readHeaders(reader: SpecReader, value: unknown, path: string): Record<string, string> {
  if (value === undefined) return {};
  const record = reader.object(value, path, Object.keys(value as object));
  const headers: Record<string, string> = {};
  for (const [name, header] of Object.entries(record)) {
    if (typeof header !== 'string' && typeof header !== 'number') reader.fail(join(path, name), 'expected a string');
    headers[name.toLowerCase()] = String(header);
  }
  return headers;
}

function readTrigger(reader: SpecReader, value: unknown): HttpTrigger {
  const http = reader.object(value, 'trigger', ['http'], ['http']).http;
  const record = reader.object(http, 'trigger.http', HTTP_KEYS, ['url']);
  const method = (reader.optionalString(record.method, 'trigger.http.method') ?? 'GET').toUpperCase();
  if (!/^[A-Z]+$/.test(method)) reader.fail('trigger.http.method', `invalid HTTP method ${JSON.stringify(method)}`);
  const expectStatus =
    record.expectStatus === undefined
      ? undefined
      : reader.integer(record.expectStatus, 'trigger.http.expectStatus', 100, 599);
  return {
    method,
    url: reader.string(record.url, 'trigger.http.url'),
    headers: readHeaders(reader, record.headers, 'trigger.http.headers'),
    ...(record.body !== undefined ? { body: record.body } : {}),
    ...(expectStatus !== undefined ? { expectStatus } : {}),
  };
}

function parseYaml(reader: SpecReader, text: string): unknown {
  try {
    return parse(text, { prettyErrors: true });
  } catch (error) {
    if (!(error instanceof YAMLError)) throw error;
    return reader.fail('(yaml)', (error.message.split('\n')[0] ?? 'invalid YAML').replace(/:$/, ''), error);
  }
}

/**
 * Validates a declarative trace spec (YAML text or an already parsed object); throws SPEC_INVALID naming the key path.
 * @example const spec = loadTraceSpec(readFileSync('order.yaml', 'utf8'), { source: 'order.yaml' });
 */
export function loadTraceSpec(input: string | object, options: LoadTraceSpecOptions = {}): TraceSpecDocument {
  const reader = new SpecReader(options.source);
  const data = typeof input === 'string' ? parseYaml(reader, input) : input;
  const record = reader.object(data, '', TOP_LEVEL, ['name', 'trigger', 'specs']);
  const name = reader.string(record.name, 'name');
  const http = readTrigger(reader, record.trigger);
  const timeoutMs = record.timeoutMs === undefined ? 10_000 : reader.integer(record.timeoutMs, 'timeoutMs', 1);
  const settleMs = record.settleMs === undefined ? 200 : reader.integer(record.settleMs, 'settleMs', 0);
  const specs = readSpecs(reader, record.specs, 'specs');
  const chain = record.chain === undefined ? undefined : readHops(reader, record.chain, 'chain');
  return {
    name,
    trigger: { http },
    timeoutMs,
    settleMs,
    specs,
    ...(chain !== undefined ? { chain } : {}),
    ...(options.source !== undefined ? { source: options.source } : {}),
  };
}

/** Reads and validates a trace spec file (the path is named in errors). */
export async function loadTraceSpecFile(path: string): Promise<TraceSpecDocument> {
  return loadTraceSpec(await readFile(path, 'utf8'), { source: path });
}
