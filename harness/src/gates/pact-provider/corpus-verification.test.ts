import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessageProviders } from '@pact-foundation/pact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PactFile } from '../pact-consumers/pact-files.ts';
import { corpusFiles, knowingAll, rawList, readCorpusPact } from './corpus-facts-testing.ts';
import { isMessage, knownInteractions } from './known-interactions.ts';
import type { InteractionResult } from './types.ts';
import { verifyProvider } from './verify-provider.ts';

/** Every status a corpus pact expects differs from this one, so every HTTP interaction must fail, saying so. */
const TEAPOT = 418;

interface RawInteraction {
  pending?: boolean;
  response?: { status?: number; matchingRules?: { status?: unknown } };
}

/** What the split left for the verifier, run with a no-op handler for every state and an empty message for each. */
async function verifyKept(pact: PactFile, path: string, baseUrl: string): Promise<InteractionResult[]> {
  const kept = pact.interactions;
  const stateHandlers = Object.fromEntries(kept.flatMap((i) => i.states).map((s) => [s, async () => undefined]));
  const messageProviders: MessageProviders = Object.fromEntries(
    kept.filter(isMessage).map((i) => [i.description, async () => ({})]),
  );
  return verifyProvider({ provider: pact.provider, baseUrl, pactFiles: [path], stateHandlers, messageProviders });
}

describe('the Pact verifier on every corpus pact', () => {
  let server: Server;
  let baseUrl: string;
  let savedPluginDir: string | undefined;
  beforeAll(async () => {
    savedPluginDir = process.env.PACT_PLUGIN_DIR;
    process.env.PACT_PLUGIN_DIR = mkdtempSync(join(tmpdir(), 'tracegate-no-plugins-'));
    server = createServer((_, response) => void response.writeHead(TEAPOT, { 'content-type': 'text/plain' }).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    if (savedPluginDir === undefined) delete process.env.PACT_PLUGIN_DIR;
    else process.env.PACT_PLUGIN_DIR = savedPluginDir;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it.each(corpusFiles)(
    '%s: one result per runnable interaction, with its states and readable mismatches',
    async (file) => {
      const pact = readCorpusPact(file);
      const split = knownInteractions(pact, knowingAll(pact), mkdtempSync(join(tmpdir(), 'tracegate-verify-')));
      const failed = new Set(split.checks.map((c) => c.name));
      const kept = pact.interactions.filter(
        (i) => !failed.has(`${pact.consumer} → ${pact.provider}: ${i.description}`),
      );
      if (!split.path) return expect(kept).toEqual([]);
      const results = await verifyKept({ ...pact, interactions: kept }, split.path, baseUrl);
      expect(results.map((r) => r.description).sort()).toEqual(kept.map((i) => i.description).sort());
      for (const result of results) {
        // Descriptions repeat across states (a V3 message pact has two "Test Message"s): pair on both.
        const index = pact.interactions.findIndex(
          (i) => i.description === result.description && i.states.join('\n') === result.states.join('\n'),
        );
        const interaction = pact.interactions[index];
        const raw = rawList(file)[index] as RawInteraction;
        expect(interaction).toBeDefined();
        expect([result.consumer, result.provider]).toEqual([pact.consumer, pact.provider]);
        expect(result.pending).toBe(raw.pending === true);
        for (const line of result.mismatches) expect(line).not.toMatch(/undefined|\[object Object\]|but was (''|)$/);
        if (interaction && !isMessage(interaction) && !raw.response?.matchingRules?.status) {
          expect(result.ok).toBe(false);
          expect(result.mismatches).toContain(`status: expected ${raw.response?.status ?? 200} but was ${TEAPOT}`);
        }
      }
    },
  );
});
