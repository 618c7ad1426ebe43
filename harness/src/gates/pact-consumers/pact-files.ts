import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One interaction of a pact file, as reported. */
export interface PactInteraction {
  readonly description: string;
  readonly type: string;
  readonly states: readonly string[];
  /** For a message interaction, the topic its metadata names (`metadata.topic`), if any. */
  readonly topic?: string;
}

/** A pact file: who it binds and what it holds. */
export interface PactFile {
  readonly path: string;
  readonly consumer: string;
  readonly provider: string;
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
  let pact: RawPact;
  try {
    pact = JSON.parse(readFileSync(path, 'utf8')) as RawPact;
  } catch (error) {
    return { reason: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!pact?.consumer?.name || !pact.provider?.name) return { reason: 'no consumer.name or provider.name' };
  return {
    path,
    consumer: pact.consumer.name,
    provider: pact.provider.name,
    specification: String(pact.metadata?.pactSpecification?.version ?? 'unknown'),
    interactions: (pact.interactions ?? pact.messages ?? []).map((i) => {
      const topic = (i.metadata ?? i.metaData)?.topic;
      return {
        description: i.description ?? '(no description)',
        type: i.type ?? (pact.messages ? 'Asynchronous/Messages' : 'Synchronous/HTTP'),
        states: (i.providerStates ?? (i.providerState ? [{ name: i.providerState }] : [])).map((s) => s.name),
        ...(typeof topic === 'string' ? { topic } : {}),
      };
    }),
  };
}

interface RawPact {
  consumer?: { name?: string };
  provider?: { name?: string };
  metadata?: { pactSpecification?: { version?: unknown } };
  interactions?: RawInteraction[];
  messages?: RawInteraction[];
}

interface RawInteraction {
  description?: string;
  type?: string;
  providerState?: string;
  providerStates?: { name: string }[];
  metadata?: { topic?: unknown };
  metaData?: { topic?: unknown };
}
