import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';

/** What `tracegate init` found in a repository. */
export interface Inspection {
  readonly openapi: readonly string[];
  readonly asyncapi: readonly string[];
  readonly pactDirs: readonly string[];
  readonly pacts: readonly { readonly file: string; readonly consumer: string; readonly provider: string }[];
  readonly packageName?: string;
  readonly startScript?: string;
  /** A readiness path found in the OpenAPI document, if any. */
  readonly healthPath?: string;
  /** Channel addresses of the AsyncAPI documents, and whether one of them names a Kafka server. */
  readonly kafka: { readonly topics: readonly string[]; readonly declared: boolean };
}

const HEALTH_PATHS = ['/health/ready', '/ready', '/readyz', '/health', '/healthz', '/health/live'];

const SKIP = new Set(['node_modules', '.git', 'dist', 'build', 'reports', '.cache', '.venv', 'coverage', 'target']);
const MAX_FILES = 5_000;
// Real documents reach tens of MB (GitHub's REST description is 13 MB); pact files stay small.
const MAX_DOCUMENT_BYTES = 64_000_000;
const MAX_PACT_BYTES = 5_000_000;

/** Walks a repository (bounded) and finds contract documents and pact files. */
export function inspectRepository(root: string): Inspection {
  const openapi: string[] = [];
  const asyncapi: string[] = [];
  const pacts: { file: string; consumer: string; provider: string }[] = [];
  const texts = { openapi: [] as string[], asyncapi: [] as string[] };
  for (const { path: file, size } of walk(root)) {
    if (!/\.(ya?ml|json)$/.test(file) || size > MAX_DOCUMENT_BYTES) continue;
    const rel = relative(root, file);
    const text = readFileSync(file, 'utf8');
    const json = file.endsWith('.json') ? parseJson(text) : undefined;
    const kind = contractKind(text, json);
    if (kind !== undefined) {
      (kind === 'openapi' ? openapi : asyncapi).push(rel);
      texts[kind].push(text);
    } else if (json !== undefined && size < MAX_PACT_BYTES) {
      const pact = readPact(json);
      if (pact) pacts.push({ file: rel, ...pact });
    }
  }
  const pkg = readPackage(root);
  const healthPath = findHealthPath(texts.openapi);
  const kafka = findKafka(texts.asyncapi);
  return {
    kafka,
    ...(healthPath ? { healthPath } : {}),
    openapi,
    asyncapi,
    pacts,
    pactDirs: [...new Set(pacts.map((p) => p.file.split('/').slice(0, -1).join('/') || '.'))],
    ...pkg,
  };
}

function* walk(dir: string, budget = { left: MAX_FILES }): Generator<{ path: string; size: number }> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (budget.left-- <= 0) return;
    if (SKIP.has(entry.name) || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path, budget);
    else if (entry.isFile()) yield { path, size: statSync(path).size };
  }
}

/**
 * Whether a file is an OpenAPI 3 or AsyncAPI 2/3 document, by its top-level version key wherever it is written:
 * first in formatted YAML or JSON, anywhere in minified JSON, after other keys in documents with sorted keys.
 */
export function contractKind(text: string, json?: unknown): 'openapi' | 'asyncapi' | undefined {
  if (json !== undefined) {
    if (!isRecord(json)) return undefined;
    if (typeof json.openapi === 'string' && json.openapi.startsWith('3.')) return 'openapi';
    return typeof json.asyncapi === 'string' && /^[23]\./.test(json.asyncapi) ? 'asyncapi' : undefined;
  }
  // A top-level YAML key starts its line.
  if (/^["']?openapi["']?\s*:\s*["']?3\./m.test(text)) return 'openapi';
  return /^["']?asyncapi["']?\s*:\s*["']?[23]\./m.test(text) ? 'asyncapi' : undefined;
}

function findHealthPath(documents: readonly string[]): string | undefined {
  // A path key at the start of a line (YAML, formatted JSON) or after `{`/`,` (minified JSON).
  return HEALTH_PATHS.find((path) =>
    documents.some((text) => new RegExp(`(^\\s*|[{,]\\s*)["']?${path}["']?\\s*:`, 'm').test(text)),
  );
}

const KAFKA_PROTOCOLS = new Set(['kafka', 'kafka-secure']);

/** What Kafka accepts as a topic name. */
const KAFKA_TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;

/**
 * The topics the AsyncAPI documents name: AsyncAPI 3 channel `address`es, AsyncAPI 2 channel keys, only those Kafka
 * accepts as topic names (so neither `{parameters}` nor MQTT paths). `declared` when a document's server protocol or
 * channel binding is Kafka's; then only such documents give topics, otherwise every document's are suggestions.
 */
function findKafka(documents: readonly string[]): Inspection['kafka'] {
  const found = documents.map((text) => documentTopics(parseQuietly(text)));
  const declared = found.some((doc) => doc.kafka);
  const topics = found.filter((doc) => doc.kafka || !declared).flatMap((doc) => doc.topics);
  return { topics: [...new Set(topics)], declared };
}

function documentTopics(doc: Record<string, unknown>): { kafka: boolean; topics: string[] } {
  const servers = Object.values(record(doc.servers));
  let kafka = servers.some((server) => KAFKA_PROTOCOLS.has(String(record(server).protocol).toLowerCase()));
  const v2 = String(doc.asyncapi ?? '').startsWith('2.');
  const topics: string[] = [];
  for (const [key, value] of Object.entries(record(doc.channels))) {
    const channel = record(value);
    if ('kafka' in record(channel.bindings)) kafka = true;
    const address = v2 ? key : channel.address;
    if (typeof address === 'string' && KAFKA_TOPIC.test(address)) topics.push(address);
  }
  return { kafka, topics };
}

function parseQuietly(text: string): Record<string, unknown> {
  try {
    return record(parseJson(text) ?? parse(text, { maxAliasCount: 100 }));
  } catch {
    // An unreadable document is the contract-documents gate's finding, not init's.
    return {};
  }
}

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not JSON (or JSON with comments): read as YAML text.
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readPact(json: unknown): { consumer: string; provider: string } | undefined {
  if (!isRecord(json) || !isRecord(json.consumer) || !isRecord(json.provider)) return undefined;
  const { name: consumer } = json.consumer;
  const { name: provider } = json.provider;
  if (typeof consumer === 'string' && typeof provider === 'string' && ('interactions' in json || 'messages' in json)) {
    return { consumer, provider };
  }
  return undefined;
}

function readPackage(root: string): { packageName?: string; startScript?: string } {
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      name?: string;
      scripts?: Record<string, string>;
    };
    return {
      ...(pkg.name ? { packageName: pkg.name } : {}),
      ...(pkg.scripts?.start ? { startScript: pkg.scripts.start } : {}),
    };
  } catch {
    return {};
  }
}
