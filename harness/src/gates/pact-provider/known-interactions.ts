import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseJsonText } from '../../contracts/json-text.ts';
import type { CheckResult } from '../../report/types.ts';
import { interactionsKey, type PactFile, type PactInteraction } from '../pact-consumers/pact-files.ts';
import type { ProviderCatalog } from './types.ts';
import { unverifiableReason } from './verifiable.ts';

/** Why the provider cannot honour an interaction (an unknown state or message description), or undefined. */
export function unknownReason(interaction: PactInteraction, catalog: ProviderCatalog): string | undefined {
  const states = new Set(catalog.states.map((s) => s.name));
  const unknown = interaction.states.filter((s) => !states.has(s));
  if (unknown.length > 0) {
    const from = catalog.stateHandlersModule ? ` (pacts.stateHandlers: ${catalog.stateHandlersModule})` : '';
    const known = listed(
      catalog.states.map((s) => s.name),
      'no provider states: pacts.stateHandlers is not set',
    );
    return `unknown provider state ${listed(unknown, '')}: ${catalog.provider} knows ${known}${from}`;
  }
  if (isMessage(interaction) && !catalog.messages.includes(interaction.description)) {
    const from = catalog.messageProvidersModule ? ` (pacts.messageProviders: ${catalog.messageProvidersModule})` : '';
    const known = listed(catalog.messages, 'no messages: pacts.messageProviders is not set');
    return `unknown message description "${interaction.description}": ${catalog.provider} produces ${known}${from}`;
  }
  return undefined;
}

/** The interaction is verified by a message provider rather than an HTTP request. */
export function isMessage(interaction: PactInteraction): boolean {
  return /Messages/.test(interaction.type);
}

const listed = (names: readonly string[], none: string): string =>
  names.length === 0 ? none : names.map((n) => `"${n}"`).join(', ');

/**
 * Splits one pact file into failed checks for the interactions the verifier cannot run or the provider cannot honour
 * and a pact file holding only the others (the file itself when all are known; a copy in `scratchDir` otherwise; none
 * when nothing is left). A pact without interactions gets a skipped check: there is nothing to verify.
 */
export function knownInteractions(
  pact: PactFile,
  catalog: ProviderCatalog,
  scratchDir: string,
): { checks: CheckResult[]; path?: string } {
  if (pact.interactions.length === 0) {
    const message = `${pact.consumer} → ${pact.provider} holds no interactions: nothing to verify`;
    return { checks: [{ name: `pact file ${basename(pact.path)}`, status: 'skipped', message }] };
  }
  const reasons = pact.interactions.map((i) => unverifiableReason(pact, i) ?? unknownReason(i, catalog));
  const checks = pact.interactions.flatMap((interaction, index): CheckResult[] => {
    const reason = reasons[index];
    if (!reason) return [];
    const name = `${pact.consumer} → ${pact.provider}: ${interaction.description}`;
    return [{ name, status: 'failed', message: `${reason}; not run against the provider` }];
  });
  if (checks.length === 0) return { checks, path: pact.path };
  if (checks.length === pact.interactions.length) return { checks };
  return { checks, path: copyPact(pact, (_, index) => reasons[index] === undefined, scratchDir) };
}

/** Writes a copy of a pact file into `dir` holding only the interactions `keep` selects; returns its path. */
export function copyPact(
  pact: PactFile,
  keep: (interaction: PactInteraction, index: number) => boolean,
  dir: string,
): string {
  const raw = parseJsonText(readFileSync(pact.path, 'utf8'), pact.path) as Record<string, unknown>;
  const key = interactionsKey(raw);
  const list: unknown[] = Array.isArray(raw[key]) ? raw[key] : [];
  const kept = list.filter((_, index) => {
    const interaction = pact.interactions[index];
    return interaction !== undefined && keep(interaction, index);
  });
  const path = join(dir, basename(pact.path));
  writeFileSync(path, JSON.stringify({ ...raw, [key]: kept }));
  return path;
}
