import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../config/types.ts';
import { knownInteractions } from './known-interactions.ts';
import { loadProviderModules } from './provider-catalog.ts';

const context = { provider: 'shop', baseUrl: 'http://127.0.0.1:9', serviceUrls: {} };

/** A config whose state-handler and message-provider modules are the given sources, in a fresh directory. */
function configWith(modules: { states?: string; messages?: string }): LoadedConfig {
  const dir = mkdtempSync(join(tmpdir(), 'tracegate-provider-'));
  if (modules.states) writeFileSync(join(dir, 'states.mjs'), modules.states);
  if (modules.messages) writeFileSync(join(dir, 'messages.mjs'), modules.messages);
  const pacts = {
    ...(modules.states ? { stateHandlers: 'states.mjs' } : {}),
    ...(modules.messages ? { messageProviders: 'messages.mjs' } : {}),
  };
  return { config: { system: 't', services: [], pacts }, path: join(dir, 'tracegate.config.yaml'), dir };
}

const STATES = `
export const providerStates = { 'an item exists': { params: { sku: 'which item' }, returns: { itemId: 'its id' } } };
export function createStateHandlers(context) {
  return { 'an item exists': async () => ({ itemId: context.provider }), 'no items': async () => undefined };
}`;

describe('loadProviderModules', () => {
  it('lists the states (documented or not) and the message descriptions the modules offer', async () => {
    const loaded = configWith({
      states: STATES,
      messages: `export const messageProviders = { 'an item event': () => ({}) };`,
    });
    const { catalog, stateHandlers } = await loadProviderModules(loaded, context);
    expect(catalog).toEqual({
      provider: 'shop',
      states: [
        { name: 'an item exists', params: { sku: 'which item' }, returns: { itemId: 'its id' } },
        { name: 'no items' },
      ],
      messages: ['an item event'],
      stateHandlersModule: 'states.mjs',
      messageProvidersModule: 'messages.mjs',
    });
    expect(Object.keys(stateHandlers ?? {})).toEqual(['an item exists', 'no items']);
  });

  it('rejects malformed state metadata, naming the module and the entry', async () => {
    const loaded = configWith({
      states: `export const providerStates = { 'a': { params: { sku: 1 } } };\nexport const stateHandlers = { a: () => {} };`,
    });
    await expect(loadProviderModules(loaded, context)).rejects.toThrowErrorMatchingInlineSnapshot(
      `[HarnessError: states.mjs: providerStates["a"].params must map names to descriptions (strings) (see ProviderStateInfo)]`,
    );
  });
});

describe('knownInteractions', () => {
  it('fails unknown states and messages and keeps the known interactions in a copy of the pact', async () => {
    const loaded = configWith({ states: STATES });
    const { catalog } = await loadProviderModules(loaded, context);
    const pact = {
      path: join(loaded.dir, 'web-shop.json'),
      consumer: 'web',
      provider: 'shop',
      specification: '4.0',
      interactions: [
        { description: 'a read', type: 'Synchronous/HTTP', states: ['an item exists'] },
        { description: 'a delete', type: 'Synchronous/HTTP', states: ['an item was deleted'] },
        { description: 'an item event', type: 'Asynchronous/Messages', states: [] },
      ],
    };
    writeFileSync(pact.path, JSON.stringify({ interactions: [{ n: 1 }, { n: 2 }, { n: 3 }] }));
    const scratch = mkdtempSync(join(tmpdir(), 'tracegate-scratch-'));
    const split = knownInteractions(pact, catalog, scratch);
    expect(split.checks.map((c) => c.message)).toMatchInlineSnapshot(`
      [
        "unknown provider state "an item was deleted": shop knows "an item exists", "no items" (pacts.stateHandlers: states.mjs); not run against the provider",
        "unknown message description "an item event": shop produces no messages: pacts.messageProviders is not set; not run against the provider",
      ]
    `);
    expect(split.path).toBe(join(scratch, 'web-shop.json'));
    expect(JSON.parse(readFileSync(join(scratch, 'web-shop.json'), 'utf8'))).toEqual({ interactions: [{ n: 1 }] });
  });
});
