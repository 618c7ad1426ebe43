import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** One interaction of a pact file, as reported. */
export interface PactInteraction {
  readonly description: string;
  readonly type: string;
  readonly states: readonly string[];
}

/** A pact file: who it binds and what it holds. */
export interface PactFile {
  readonly path: string;
  readonly consumer: string;
  readonly provider: string;
  readonly specification: string;
  readonly interactions: readonly PactInteraction[];
}

/** Reads every `*.json` pact file in `dir` (a missing directory holds none). */
export function readPactFiles(dir: string): PactFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      const pact = JSON.parse(readFileSync(path, 'utf8')) as RawPact;
      if (!pact.consumer?.name || !pact.provider?.name) return [];
      return [
        {
          path,
          consumer: pact.consumer.name,
          provider: pact.provider.name,
          specification: String(pact.metadata?.pactSpecification?.version ?? 'unknown'),
          interactions: (pact.interactions ?? pact.messages ?? []).map((i) => ({
            description: i.description ?? '(no description)',
            type: i.type ?? (pact.messages ? 'Asynchronous/Messages' : 'Synchronous/HTTP'),
            states: (i.providerStates ?? []).map((s) => s.name),
          })),
        },
      ];
    });
}

/** Deletes the pact files in `dir`, so a run reports only what its consumer tests wrote (Pact merges into existing files). */
export function clearPactFiles(dir: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) if (name.endsWith('.json')) rmSync(join(dir, name), { force: true });
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
  providerStates?: { name: string }[];
}
