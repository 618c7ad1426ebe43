import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../contract-documents/testing.ts';
import { type PactFile, readPactDir, readPactFile } from '../pact-consumers/pact-files.ts';
import { publishWrittenPacts, readWrittenPacts } from '../pact-consumers/written-pacts.ts';
import { copyPact, isMessage, knownInteractions } from './known-interactions.ts';
import type { ProviderCatalog } from './types.ts';

/** Pact files written by other teams' tooling (fixtures/corpus/SOURCES.md), read by every path the pact gates have. */
const CORPUS = join(REPO_ROOT, 'fixtures/corpus/pacts');

interface Facts {
  /** The spec version the metadata names. */
  readonly spec: string;
  /** Where the interactions are: V3 message pacts keep them in `messages`. */
  readonly key: 'interactions' | 'messages';
  readonly http: number;
  readonly async: number;
  readonly sync: number;
  /** Interactions that need a Pact plugin or a non-HTTP transport. */
  readonly plugin: number;
  /** Every interaction's provider state names, in file order. */
  readonly states: readonly string[];
}

/** Checked by hand against each file (see SOURCES.md for what each one exercises). */
const FACTS: Record<string, Facts> = {
  'pact-jvm/Matching Service V3-Animal Profile Service V3.json': {
    spec: '3.0.0',
    key: 'interactions',
    http: 2,
    async: 0,
    sync: 0,
    plugin: 0,
    states: ['is authenticated', 'Has an animal with ID', 'is authenticated', 'Has no animals'],
  },
  'pact-jvm/PDF Consumer-File Service-unencoded.json': {
    spec: '3.0.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    plugin: 0,
    states: [],
  },
  'pact-jvm/contract-with-multiple-interactions.json': {
    spec: '2.0.0',
    key: 'interactions',
    http: 2,
    async: 0,
    sync: 0,
    plugin: 0,
    states: ['state1', 'state2'],
  },
  'pact-jvm/contract-with-multiple-states.json': {
    spec: '3.0.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    plugin: 0,
    states: [
      'state 1',
      'state 2',
      'a gateway account with external id exists',
      'a confirmed mandate exists',
      'something else exists',
    ],
  },
  'pact-jvm/kafka-request-reply.json': {
    spec: '4.0',
    key: 'interactions',
    http: 0,
    async: 0,
    sync: 1,
    plugin: 0,
    states: [],
  },
  'pact-jvm/message_test_consumer-test_provider_v4.json': {
    spec: '4.0',
    key: 'interactions',
    http: 0,
    async: 1,
    sync: 0,
    plugin: 0,
    states: ['SomeProviderState'],
  },
  'pact-jvm/message_with_metadata_v4.json': {
    spec: '4.0',
    key: 'interactions',
    http: 0,
    async: 1,
    sync: 0,
    plugin: 0,
    states: [],
  },
  'pact-jvm/pact-invalid-version.json': {
    spec: '2.0.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    plugin: 0,
    states: [],
  },
  'pact-jvm/pact-multipart-form-post.json': {
    spec: '3.0.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    plugin: 0,
    states: [],
  },
  'pact-jvm/test_pact_v3.json': {
    spec: '3.0.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    plugin: 0,
    states: ['test state', 'test state 2'],
  },
  'pact-jvm/test_pact_v3_old_provider_state.json': {
    spec: '3.0.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    plugin: 0,
    states: ['test state'],
  },
  'pact-jvm/v2-pact-broker.json': {
    spec: '2.0.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    plugin: 0,
    states: ['many activities exist'],
  },
  'pact-jvm/v3-pact-broker.json': {
    spec: '3.0.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    plugin: 0,
    states: ['many activities exist'],
  },
  'pact-jvm/v4-status-code-pact.json': {
    spec: '4.0',
    key: 'interactions',
    http: 2,
    async: 0,
    sync: 0,
    plugin: 0,
    states: [],
  },
  'pact-jvm/v4-sync-messages-pact.json': {
    spec: '4.0',
    key: 'interactions',
    http: 0,
    async: 0,
    sync: 1,
    plugin: 0,
    states: ['Good state to be in'],
  },
  'pact-jvm/xml-in-json-pact.json': {
    spec: '3.0.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    plugin: 0,
    states: ['create XML entity'],
  },
  'pact-net/Fulfilment API-Orders API.json': {
    spec: '4.0',
    key: 'interactions',
    http: 3,
    async: 1,
    sync: 0,
    plugin: 0,
    states: ['an order with ID {id} exists', 'an order with ID {id} exists'],
  },
  'pact-net/v2-consumer-integration.json': {
    spec: '2.0.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    plugin: 0,
    states: ['a provider state'],
  },
  'pact-net/v3-message-consumer-integration.json': {
    spec: '3.0.0',
    key: 'messages',
    http: 0,
    async: 1,
    sync: 0,
    plugin: 0,
    states: ['a provider state', 'another provider state', 'a provider state with params'],
  },
  'pact-net/v4-combined-integration.json': {
    spec: '4.0',
    key: 'interactions',
    http: 1,
    async: 1,
    sync: 0,
    plugin: 0,
    states: [
      'a provider state',
      'another provider state',
      'a provider state with params',
      'a provider state',
      'another provider state',
      'a provider state with params',
    ],
  },
  'pact-plugins/area-calculator-consumer-area-calculator-provider.json': {
    spec: '4.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 1,
    plugin: 2,
    states: [],
  },
  'pact-plugins/protobuf-consumer-area-calculator-provider.json': {
    spec: '4.0',
    key: 'interactions',
    http: 0,
    async: 0,
    sync: 1,
    plugin: 1,
    states: [],
  },
  'pact-python/basic.json': { spec: '2.0', key: 'interactions', http: 0, async: 0, sync: 0, plugin: 0, states: [] },
  'pact-reference/message-pact-with-metadata-matchingrule.json': {
    spec: '3.0.0',
    key: 'messages',
    http: 0,
    async: 2,
    sync: 0,
    plugin: 0,
    states: ['SomeProviderState2', 'SomeProviderState'],
  },
  'pact-reference/message-pact.json': {
    spec: '3.0.0',
    key: 'messages',
    http: 0,
    async: 2,
    sync: 0,
    plugin: 0,
    states: [],
  },
  'pact-reference/missing-plugin-pact.json': {
    spec: '4.0',
    key: 'interactions',
    http: 2,
    async: 0,
    sync: 0,
    plugin: 2,
    states: [],
  },
  'pact-reference/test_pact_binary_body.json': {
    spec: '2.0.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    plugin: 0,
    states: [],
  },
  'pact-reference/test_pact_camel_case_spec_version.json': {
    spec: '1.1.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    plugin: 0,
    states: ['test state'],
  },
  'pact-reference/test_pact_no_metadata.json': {
    spec: 'unknown',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    plugin: 0,
    states: ['test state'],
  },
  'pact-reference/test_pact_no_version.json': {
    spec: 'unknown',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    plugin: 0,
    states: ['test state'],
  },
  'pact-reference/test_pact_root_string_json.json': {
    spec: 'unknown',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    plugin: 0,
    states: [],
  },
  'pact-reference/v1-pact.json': {
    spec: '1.0.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    plugin: 0,
    states: [],
  },
  'pact-reference/v2_pact_query.json': {
    spec: '2.0.0',
    key: 'interactions',
    http: 3,
    async: 0,
    sync: 0,
    plugin: 0,
    states: ['test state', 'test state', 'test state'],
  },
  'pact-reference/v3-message-pact-generators.json': {
    spec: '3.0.0',
    key: 'messages',
    http: 0,
    async: 1,
    sync: 0,
    plugin: 0,
    states: ['message exists'],
  },
  'pact-reference/v3-message-pact.json': {
    spec: '3.0.0',
    key: 'messages',
    http: 0,
    async: 1,
    sync: 0,
    plugin: 0,
    states: ['message exists'],
  },
  'pact-reference/v4-combined-pact.json': {
    spec: '4.0',
    key: 'interactions',
    http: 1,
    async: 1,
    sync: 0,
    plugin: 0,
    states: ['message exists'],
  },
  'pact-reference/v4-http-pact-comments.json': {
    spec: '4.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    plugin: 0,
    states: [],
  },
  'pact-reference/v4-message-pact-comments.json': {
    spec: '4.0',
    key: 'interactions',
    http: 0,
    async: 1,
    sync: 0,
    plugin: 0,
    states: ['message exists'],
  },
  'pact-reference/v4-pending-pact.json': {
    spec: '4.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    plugin: 0,
    states: [],
  },
};

const files = readdirSync(CORPUS).flatMap((source) =>
  readdirSync(join(CORPUS, source)).map((name) => `${source}/${name}`),
);
const raw = (file: string) => JSON.parse(readFileSync(join(CORPUS, file), 'utf8')) as Record<string, unknown>;
const read = (file: string) => readPactFile(join(CORPUS, file)) as PactFile;
const facts = (file: string) => FACTS[file] as Facts;
/** The interaction array of the raw JSON, as the spec version says where it is. */
const rawList = (file: string) => raw(file)[facts(file).key] as Record<string, unknown>[];

/** A provider that knows every state and message the pact names. */
const knowingAll = (pact: PactFile): ProviderCatalog => ({
  provider: pact.provider,
  states: [...new Set(pact.interactions.flatMap((i) => i.states))].map((name) => ({ name })),
  messages: pact.interactions.filter(isMessage).map((i) => i.description),
});
const knowingNothing = (pact: PactFile): ProviderCatalog => ({ provider: pact.provider, states: [], messages: [] });

let savedPluginDir: string | undefined;
beforeAll(() => {
  // No Pact plugin installed: the plugin interactions must say so, whatever this machine has in ~/.pact/plugins.
  savedPluginDir = process.env.PACT_PLUGIN_DIR;
  process.env.PACT_PLUGIN_DIR = mkdtempSync(join(tmpdir(), 'tracegate-no-plugins-'));
});
afterAll(() => {
  if (savedPluginDir === undefined) delete process.env.PACT_PLUGIN_DIR;
  else process.env.PACT_PLUGIN_DIR = savedPluginDir;
});

describe('pact corpus', () => {
  it('holds exactly the files the facts describe, from every source', () => {
    expect(files.sort()).toEqual(Object.keys(FACTS).sort());
    expect(new Set(files.map((f) => f.split('/')[0]))).toEqual(
      new Set(['pact-jvm', 'pact-net', 'pact-plugins', 'pact-python', 'pact-reference']),
    );
  });

  describe.each(files)('%s', (file) => {
    it('is read with its parties, spec version, interactions by type and provider states', () => {
      const json = raw(file);
      const pact = read(file);
      const { spec, http, async, sync, states } = facts(file);
      expect(pact.consumer).toBe((json.consumer as { name: string }).name);
      expect(pact.provider).toBe((json.provider as { name: string }).name);
      expect(pact.specification).toBe(spec);
      expect(pact.interactions.map((i) => i.description)).toEqual(rawList(file).map((i) => i.description));
      const ofType = (type: string) => pact.interactions.filter((i) => i.type === type).length;
      expect([ofType('Synchronous/HTTP'), ofType('Asynchronous/Messages'), ofType('Synchronous/Messages')]).toEqual([
        http,
        async,
        sync,
      ]);
      expect(pact.interactions.filter(isMessage)).toHaveLength(async + sync);
      expect(pact.interactions.flatMap((i) => i.states)).toEqual(states);
    });

    it('is copied with one interaction fewer keeping every other field, and the copy reads back', () => {
      const pact = read(file);
      const { key } = facts(file);
      const path = copyPact(pact, (_, index) => index !== 0, mkdtempSync(join(tmpdir(), 'tracegate-copy-')));
      const copy = JSON.parse(readFileSync(path, 'utf8'));
      expect(copy).toEqual({ ...raw(file), [key]: rawList(file).slice(1) });
      const again = readPactFile(path) as PactFile;
      expect([again.consumer, again.provider, again.specification]).toEqual([
        pact.consumer,
        pact.provider,
        pact.specification,
      ]);
      expect(again.interactions).toEqual(pact.interactions.slice(1));
    });

    it('is split into checks naming what the verifier or the provider cannot run, and the rest', () => {
      const pact = read(file);
      const { plugin } = facts(file);
      const scratch = mkdtempSync(join(tmpdir(), 'tracegate-known-'));
      const all = knownInteractions(pact, knowingAll(pact), scratch);
      if (pact.interactions.length === 0) {
        expect(all.checks.map((c) => [c.status, c.message])).toEqual([
          ['skipped', `${basename(file)} holds no interactions: nothing to verify`],
        ]);
        expect(all.path).toBeUndefined();
        return;
      }
      expect(all.checks.filter((c) => c.status === 'failed')).toHaveLength(plugin);
      for (const check of all.checks) expect(check.message).toMatch(/needs the Pact plugin "\w+"|sent over grpc/);
      if (plugin === 0) expect(all.path).toBe(pact.path);
      else if (plugin === pact.interactions.length) expect(all.path).toBeUndefined();
      else
        expect(readPactFile(all.path as string)).toMatchObject({
          interactions: { length: pact.interactions.length - plugin },
        });

      const none = knownInteractions(pact, knowingNothing(pact), scratch);
      const honourable = pact.interactions.filter(
        (i) => !isMessage(i) && i.states.length === 0 && !i.plugins && !i.transport?.startsWith('grpc'),
      );
      expect(none.checks).toHaveLength(pact.interactions.length - honourable.length);
      const stateChecks = none.checks.filter((c) => c.message?.startsWith('unknown provider state '));
      for (const state of new Set(facts(file).states))
        expect(stateChecks.some((c) => c.message?.split(':')[0]?.includes(`"${state}"`))).toBe(true);
    });
  });

  it("survives a consumer run publishing into a folder holding all of them: other teams' pacts stay byte for byte", () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegate-corpus-dir-'));
    for (const file of files) writeFileSync(join(dir, basename(file)), readFileSync(join(CORPUS, file)));
    const staging = mkdtempSync(join(tmpdir(), 'tracegate-corpus-own-'));
    const own = { consumer: { name: 'web' }, provider: { name: 'shop' }, interactions: [] };
    writeFileSync(join(staging, 'web-shop.json'), JSON.stringify(own));
    publishWrittenPacts(readPactDir(staging).pacts, dir);
    publishWrittenPacts([], dir);
    for (const file of files) expect(readFileSync(join(dir, basename(file)))).toEqual(readFileSync(join(CORPUS, file)));
    const { pacts, unreadable } = readPactDir(dir);
    expect(unreadable).toEqual([]);
    expect(pacts.map((p) => basename(p.path)).sort()).toEqual(files.map((f) => basename(f)).sort());
    expect(readWrittenPacts(dir)).toEqual([]);
  });
});
