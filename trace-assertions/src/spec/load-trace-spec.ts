import { readFile } from 'node:fs/promises';
import { parse, YAMLError } from 'yaml';
import { readHops } from './read-hops.ts';
import { readSpecs } from './read-specs.ts';
import { join, SpecReader } from './spec-reader.ts';
import type { FollowUpStep, HttpTrigger, LoadTraceSpecOptions, RequestUntil, TraceSpecDocument } from './types.ts';

const TOP_LEVEL = ['name', 'description', 'trigger', 'timeoutMs', 'settleMs', 'specs', 'chain', 'followUps'];
const HTTP_KEYS = ['method', 'url', 'headers', 'body', 'expectStatus', 'service', 'until'];

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

function readExpectStatus(reader: SpecReader, value: unknown, path: string): number | 'success' | undefined {
  if (value === undefined || value === 'success') return value;
  return reader.integer(value, path, 100, 599);
}

function readUntil(reader: SpecReader, value: unknown, path: string): RequestUntil | undefined {
  if (value === undefined) return undefined;
  const record = reader.object(value, path, ['field', 'equals', 'timeoutMs'], ['field', 'equals']);
  const equals = record.equals;
  if (typeof equals !== 'string' && typeof equals !== 'number' && typeof equals !== 'boolean') {
    reader.fail(join(path, 'equals'), 'expected a string, number or boolean');
  }
  const timeoutMs =
    record.timeoutMs === undefined ? undefined : reader.integer(record.timeoutMs, join(path, 'timeoutMs'), 1);
  return { field: reader.string(record.field, join(path, 'field')), equals, ...(timeoutMs ? { timeoutMs } : {}) };
}

function readHttp(reader: SpecReader, value: unknown, path: string): HttpTrigger {
  const record = reader.object(value, path, HTTP_KEYS, ['url']);
  const method = (reader.optionalString(record.method, join(path, 'method')) ?? 'GET').toUpperCase();
  if (!/^[A-Z]+$/.test(method)) reader.fail(join(path, 'method'), `invalid HTTP method ${JSON.stringify(method)}`);
  const expectStatus = readExpectStatus(reader, record.expectStatus, join(path, 'expectStatus'));
  const service = reader.optionalString(record.service, join(path, 'service'));
  const until = readUntil(reader, record.until, join(path, 'until'));
  return {
    method,
    url: reader.string(record.url, join(path, 'url')),
    headers: readHeaders(reader, record.headers, join(path, 'headers')),
    ...(record.body !== undefined ? { body: record.body } : {}),
    ...(expectStatus !== undefined ? { expectStatus } : {}),
    ...(service !== undefined ? { service } : {}),
    ...(until !== undefined ? { until } : {}),
  };
}

function readTrigger(reader: SpecReader, value: unknown): HttpTrigger {
  return readHttp(reader, reader.object(value, 'trigger', ['http'], ['http']).http, 'trigger.http');
}

function readFollowUps(reader: SpecReader, value: unknown): FollowUpStep[] {
  return reader.array(value, 'followUps', { nonEmpty: true }).map((step, i) => {
    const path = join('followUps', i);
    const record = reader.object(step, path, ['http', 'chain'], ['http']);
    const http = readHttp(reader, record.http, join(path, 'http'));
    return record.chain === undefined ? { http } : { http, chain: readHops(reader, record.chain, join(path, 'chain')) };
  });
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
  const followUps = record.followUps === undefined ? undefined : readFollowUps(reader, record.followUps);
  return {
    name,
    trigger: { http },
    timeoutMs,
    settleMs,
    specs,
    ...(chain !== undefined ? { chain } : {}),
    ...(followUps !== undefined ? { followUps } : {}),
    ...(options.source !== undefined ? { source: options.source } : {}),
  };
}

/** Reads and validates a trace spec file (the path is named in errors). */
export async function loadTraceSpecFile(path: string): Promise<TraceSpecDocument> {
  return loadTraceSpec(await readFile(path, 'utf8'), { source: path });
}
