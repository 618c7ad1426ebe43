import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../contract-documents/testing.ts';
import { type PactFile, readPactFile } from '../pact-consumers/pact-files.ts';
import { isMessage } from './known-interactions.ts';
import type { ProviderCatalog } from './types.ts';

/** Pact files written by other teams' tooling (fixtures/corpus/SOURCES.md), for the tests of the pact gates. */
export const CORPUS = join(REPO_ROOT, 'fixtures/corpus/pacts');

/** What a corpus pact file holds, taken from the file by hand. */
export interface Facts {
  /** The spec version the metadata names. */
  readonly spec: string;
  /** Where the interactions are: V3 message pacts keep them in `messages`. */
  readonly key: 'interactions' | 'messages';
  readonly http: number;
  readonly async: number;
  readonly sync: number;
  /** Interactions the verifier cannot run here: they need a Pact plugin or a non-HTTP transport, or send a bare JSON scalar. */
  readonly unrunnable: number;
  /** Every interaction's provider state names, in file order. */
  readonly states: readonly string[];
}

/** Checked by hand against each file (see SOURCES.md for what each one exercises). */
export const FACTS: Record<string, Facts> = {
  'pact-jvm/Matching Service V3-Animal Profile Service V3.json': {
    spec: '3.0.0',
    key: 'interactions',
    http: 2,
    async: 0,
    sync: 0,
    unrunnable: 0,
    states: ['is authenticated', 'Has an animal with ID', 'is authenticated', 'Has no animals'],
  },
  'pact-jvm/PDF Consumer-File Service-unencoded.json': {
    spec: '3.0.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    unrunnable: 0,
    states: [],
  },
  'pact-jvm/contract-with-multiple-interactions.json': {
    spec: '2.0.0',
    key: 'interactions',
    http: 2,
    async: 0,
    sync: 0,
    unrunnable: 0,
    states: ['state1', 'state2'],
  },
  'pact-jvm/contract-with-multiple-states.json': {
    spec: '3.0.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    unrunnable: 0,
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
    unrunnable: 0,
    states: [],
  },
  'pact-jvm/message_test_consumer-test_provider_v4.json': {
    spec: '4.0',
    key: 'interactions',
    http: 0,
    async: 1,
    sync: 0,
    unrunnable: 0,
    states: ['SomeProviderState'],
  },
  'pact-jvm/message_with_metadata_v4.json': {
    spec: '4.0',
    key: 'interactions',
    http: 0,
    async: 1,
    sync: 0,
    unrunnable: 0,
    states: [],
  },
  'pact-jvm/pact-invalid-version.json': {
    spec: '2.0.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    unrunnable: 0,
    states: [],
  },
  'pact-jvm/pact-multipart-form-post.json': {
    spec: '3.0.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    unrunnable: 0,
    states: [],
  },
  'pact-jvm/test_pact_v3.json': {
    spec: '3.0.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    unrunnable: 0,
    states: ['test state', 'test state 2'],
  },
  'pact-jvm/test_pact_v3_old_provider_state.json': {
    spec: '3.0.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    unrunnable: 0,
    states: ['test state'],
  },
  'pact-jvm/v2-pact-broker.json': {
    spec: '2.0.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    unrunnable: 0,
    states: ['many activities exist'],
  },
  'pact-jvm/v3-pact-broker.json': {
    spec: '3.0.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    unrunnable: 0,
    states: ['many activities exist'],
  },
  'pact-jvm/v4-status-code-pact.json': {
    spec: '4.0',
    key: 'interactions',
    http: 2,
    async: 0,
    sync: 0,
    unrunnable: 0,
    states: [],
  },
  'pact-jvm/v4-sync-messages-pact.json': {
    spec: '4.0',
    key: 'interactions',
    http: 0,
    async: 0,
    sync: 1,
    unrunnable: 0,
    states: ['Good state to be in'],
  },
  'pact-jvm/xml-in-json-pact.json': {
    spec: '3.0.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    unrunnable: 0,
    states: ['create XML entity'],
  },
  'pact-net/Fulfilment API-Orders API.json': {
    spec: '4.0',
    key: 'interactions',
    http: 3,
    async: 1,
    sync: 0,
    unrunnable: 1,
    states: ['an order with ID {id} exists', 'an order with ID {id} exists'],
  },
  'pact-net/v2-consumer-integration.json': {
    spec: '2.0.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    unrunnable: 0,
    states: ['a provider state'],
  },
  'pact-net/v3-message-consumer-integration.json': {
    spec: '3.0.0',
    key: 'messages',
    http: 0,
    async: 1,
    sync: 0,
    unrunnable: 0,
    states: ['a provider state', 'another provider state', 'a provider state with params'],
  },
  'pact-net/v4-combined-integration.json': {
    spec: '4.0',
    key: 'interactions',
    http: 1,
    async: 1,
    sync: 0,
    unrunnable: 0,
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
    unrunnable: 2,
    states: [],
  },
  'pact-plugins/protobuf-consumer-area-calculator-provider.json': {
    spec: '4.0',
    key: 'interactions',
    http: 0,
    async: 0,
    sync: 1,
    unrunnable: 1,
    states: [],
  },
  'pact-broker/v3_async_messages.json': {
    spec: '3.0',
    key: 'messages',
    http: 0,
    async: 2,
    sync: 0,
    unrunnable: 0,
    states: ['provider is at state one', 'provider is at state two'],
  },
  // V4 with all three interaction types in one file; its HTTP one keeps the V3 `providerState` string.
  'pact-broker/v4_mixed_http_sync_async_interactions.json': {
    spec: '4.0',
    key: 'interactions',
    http: 1,
    async: 1,
    sync: 1,
    unrunnable: 0,
    states: ['provider is at state one', 'provider is at state two', 'alligators exist'],
  },
  'pact-python/basic.json': { spec: '2.0', key: 'interactions', http: 0, async: 0, sync: 0, unrunnable: 0, states: [] },
  'pact-reference/message-pact-with-metadata-matchingrule.json': {
    spec: '3.0.0',
    key: 'messages',
    http: 0,
    async: 2,
    sync: 0,
    unrunnable: 0,
    states: ['SomeProviderState2', 'SomeProviderState'],
  },
  'pact-reference/message-pact.json': {
    spec: '3.0.0',
    key: 'messages',
    http: 0,
    async: 2,
    sync: 0,
    unrunnable: 0,
    states: [],
  },
  'pact-reference/missing-plugin-pact.json': {
    spec: '4.0',
    key: 'interactions',
    http: 2,
    async: 0,
    sync: 0,
    unrunnable: 2,
    states: [],
  },
  'pact-reference/test_pact_binary_body.json': {
    spec: '2.0.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    unrunnable: 0,
    states: [],
  },
  'pact-reference/test_pact_camel_case_spec_version.json': {
    spec: '1.1.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    unrunnable: 0,
    states: ['test state'],
  },
  'pact-reference/test_pact_no_metadata.json': {
    spec: 'unknown',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    unrunnable: 0,
    states: ['test state'],
  },
  'pact-reference/test_pact_no_version.json': {
    spec: 'unknown',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    unrunnable: 0,
    states: ['test state'],
  },
  'pact-reference/test_pact_root_string_json.json': {
    spec: 'unknown',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    unrunnable: 0,
    states: [],
  },
  'pact-reference/v1-pact.json': {
    spec: '1.0.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    unrunnable: 0,
    states: [],
  },
  'pact-reference/v2_pact_query.json': {
    spec: '2.0.0',
    key: 'interactions',
    http: 3,
    async: 0,
    sync: 0,
    unrunnable: 0,
    states: ['test state', 'test state', 'test state'],
  },
  'pact-reference/v3-message-pact-generators.json': {
    spec: '3.0.0',
    key: 'messages',
    http: 0,
    async: 1,
    sync: 0,
    unrunnable: 0,
    states: ['message exists'],
  },
  'pact-reference/v3-message-pact.json': {
    spec: '3.0.0',
    key: 'messages',
    http: 0,
    async: 1,
    sync: 0,
    unrunnable: 0,
    states: ['message exists'],
  },
  'pact-reference/v4-combined-pact.json': {
    spec: '4.0',
    key: 'interactions',
    http: 1,
    async: 1,
    sync: 0,
    unrunnable: 0,
    states: ['message exists'],
  },
  'pact-reference/v4-http-pact-comments.json': {
    spec: '4.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    unrunnable: 0,
    states: [],
  },
  'pact-reference/v4-message-pact-comments.json': {
    spec: '4.0',
    key: 'interactions',
    http: 0,
    async: 1,
    sync: 0,
    unrunnable: 0,
    states: ['message exists'],
  },
  'pact-reference/v4-pending-pact.json': {
    spec: '4.0',
    key: 'interactions',
    http: 1,
    async: 0,
    sync: 0,
    unrunnable: 0,
    states: [],
  },
};

/** Every corpus file as `<source>/<name>`. */
export const corpusFiles: readonly string[] = readdirSync(CORPUS).flatMap((source) =>
  readdirSync(join(CORPUS, source)).map((name) => `${source}/${name}`),
);

/** The raw JSON of a corpus file. */
export const rawPact = (file: string) =>
  JSON.parse(readFileSync(join(CORPUS, file), 'utf8')) as Record<string, unknown>;

/** A corpus file as the gates read it. */
export const readCorpusPact = (file: string) => readPactFile(join(CORPUS, file)) as PactFile;

/** The facts of a corpus file. */
export const facts = (file: string) => FACTS[file] as Facts;

/** The interaction array of the raw JSON, where the facts say it is. */
export const rawList = (file: string) => rawPact(file)[facts(file).key] as Record<string, unknown>[];

/** A provider that knows every state and message the pact names. */
export const knowingAll = (pact: PactFile): ProviderCatalog => ({
  provider: pact.provider,
  states: [...new Set(pact.interactions.flatMap((i) => i.states))].map((name) => ({ name })),
  messages: pact.interactions.filter(isMessage).map((i) => i.description),
});
