import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DocumentSyntaxError, parseJsonText } from '../../contracts/json-text.ts';

/** One interaction of a pact file, as reported. */
export interface PactInteraction {
  readonly description: string;
  /** The V4 `type` (`Synchronous/HTTP`, `Asynchronous/Messages`, `Synchronous/Messages`, …); older pacts get theirs from where they sit. */
  readonly type: string;
  readonly states: readonly string[];
  /** For a message interaction, the topic its metadata names (`metadata.topic`), if any. */
  readonly topic?: string;
  /** The Pact plugins the interaction is configured for (its `pluginConfiguration`, e.g. `protobuf`). */
  readonly plugins?: readonly string[];
  /** The V4 `transport` it is sent over (`http`, `grpc`, …), when the pact names one. */
  readonly transport?: string;
  /** An HTTP request whose `application/json` body is a bare string, number or boolean rather than an object or array. */
  readonly scalarJsonRequest?: true;
}

/** A pact file: who it binds and what it holds. */
export interface PactFile {
  readonly path: string;
  readonly consumer: string;
  readonly provider: string;
  /** The `pactSpecification` version the metadata names (any of the spellings Pact tools wrote), or `unknown`. */
  readonly specification: string;
  readonly interactions: readonly PactInteraction[];
}

/** A `*.json` file in the pacts directory that is not a pact, and why. */
export interface UnreadablePact {
  readonly path: string;
  readonly reason: string;
}

/** Reads every `*.json` pact file in `dir` (dotfiles skipped, a missing directory holds none), and names the files that are not pacts. */
export function readPactDir(dir: string): { pacts: PactFile[]; unreadable: UnreadablePact[] } {
  const pacts: PactFile[] = [];
  const unreadable: UnreadablePact[] = [];
  if (!existsSync(dir)) return { pacts, unreadable };
  const names = readdirSync(dir).filter((name) => name.endsWith('.json') && !name.startsWith('.'));
  for (const name of names.sort()) {
    const path = join(dir, name);
    const read = readPactFile(path);
    if ('reason' in read) unreadable.push({ path, reason: read.reason });
    else pacts.push(read);
  }
  return { pacts, unreadable };
}

/** Reads every pact file in `dir`, leaving out files that are not pacts. */
export function readPactFiles(dir: string): PactFile[] {
  return readPactDir(dir).pacts;
}

/** Reads one pact file, or says why it is not one. */
export function readPactFile(path: string): PactFile | { reason: string } {
  let pact: unknown;
  try {
    pact = parseJsonText(readFileSync(path, 'utf8'), path);
  } catch (error) {
    if (error instanceof DocumentSyntaxError) return { reason: `not JSON: ${error.detail}` };
    return { reason: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isRecord(pact)) return { reason: 'not a JSON object' };
  const consumer = nameOf(pact.consumer);
  const provider = nameOf(pact.provider);
  if (!consumer || !provider) return { reason: 'no consumer.name or provider.name' };
  const key = interactionsKey(pact);
  const list = pact[key];
  return {
    path,
    consumer,
    provider,
    specification: specificationOf(pact),
    interactions: (Array.isArray(list) ? list : []).map((raw) => interactionOf(raw, key)),
  };
}

/**
 * Where a pact keeps its interactions, as the Pact verifier decides: a V4 pact in `interactions`; an older one in
 * `messages` when it has that key (a V3 message pact), else in `interactions`.
 */
export function interactionsKey(pact: Record<string, unknown>): 'interactions' | 'messages' {
  if (majorVersion(specificationOf(pact)) === 4) return 'interactions';
  return Array.isArray(pact.messages) ? 'messages' : 'interactions';
}

/** The major version of a specification string (`3.0.0` → 3), or undefined for `unknown` and other text. */
export function majorVersion(specification: string): number | undefined {
  const match = /^v?(\d+)(?:\.|$)/i.exec(specification.trim());
  return match ? Number(match[1]) : undefined;
}

/** `pactSpecification.version`, or the older `pact-specification` / `pact_specification` / `pactSpecificationVersion`. */
function specificationOf(pact: Record<string, unknown>): string {
  const metadata = isRecord(pact.metadata) ? pact.metadata : {};
  const spec = metadata.pactSpecification ?? metadata['pact-specification'] ?? metadata.pact_specification;
  const version = isRecord(spec) ? spec.version : (spec ?? metadata.pactSpecificationVersion);
  return typeof version === 'string' || typeof version === 'number' ? String(version) : 'unknown';
}

function interactionOf(raw: unknown, key: 'interactions' | 'messages'): PactInteraction {
  const i = isRecord(raw) ? raw : {};
  const metadata = i.metadata ?? i.metaData;
  const topic = isRecord(metadata) ? metadata.topic : undefined;
  const plugins = isRecord(i.pluginConfiguration) ? Object.keys(i.pluginConfiguration) : [];
  return {
    description: typeof i.description === 'string' ? i.description : '(no description)',
    type: typeof i.type === 'string' ? i.type : key === 'messages' ? 'Asynchronous/Messages' : 'Synchronous/HTTP',
    states: statesOf(i),
    ...(typeof topic === 'string' ? { topic } : {}),
    ...(plugins.length > 0 ? { plugins } : {}),
    ...(typeof i.transport === 'string' ? { transport: i.transport } : {}),
    ...(isScalarJsonRequest(i.request) ? { scalarJsonRequest: true } : {}),
  };
}

/** A request body (V4 `{ content, contentType }`, or the body itself with a `Content-Type` header) that is a JSON scalar. */
function isScalarJsonRequest(request: unknown): boolean {
  if (!isRecord(request)) return false;
  const { body } = request;
  const v4 = isRecord(body) && 'content' in body;
  const value = v4 ? body.content : body;
  if (!['string', 'number', 'boolean'].includes(typeof value) || value === '' || (v4 && body.encoded)) return false;
  const headers = isRecord(request.headers) ? request.headers : {};
  const header = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  const type = v4 && typeof body.contentType === 'string' ? body.contentType : [header].flat()[0];
  return typeof type === 'string' && /^application\/json\s*(;|$)/i.test(type.trim());
}

/** V3/V4 `providerStates` (objects with a name), V1.1–V2 `providerState`, or V1 `provider_state`. */
function statesOf(i: Record<string, unknown>): string[] {
  if (Array.isArray(i.providerStates))
    return i.providerStates.flatMap((s) => (typeof s === 'string' ? [s] : nameOf(s) ? [nameOf(s) as string] : []));
  const one = i.providerState ?? i.provider_state;
  return typeof one === 'string' && one !== '' ? [one] : [];
}

function nameOf(value: unknown): string | undefined {
  return isRecord(value) && typeof value.name === 'string' && value.name !== '' ? value.name : undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
