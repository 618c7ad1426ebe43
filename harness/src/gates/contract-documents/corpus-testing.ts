import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import type { CheckResult } from '../../report/types.ts';
import { runGate } from '../runner.ts';
import { contractDocumentsGate } from './gate.ts';
import { gateContext, REPO_ROOT } from './testing.ts';

/** fixtures/corpus: public AsyncAPI and OpenAPI documents written by others (see its SOURCES.md). */
export const CORPUS = join(REPO_ROOT, 'fixtures/corpus');

/** The remote `$ref`s of the corpus, mapped to the copies kept beside it (CI is offline). */
export const CORPUS_REMOTE_REFS: Readonly<Record<string, string>> = Object.fromEntries(
  ['https://www.asyncapi.com', 'https://deploy-preview-921--asyncapi-website.netlify.app'].flatMap((site) =>
    ['CostingRequestPayload', 'CostingResponsePayload', 'CostingResponseKey'].map((name) => [
      `${site}/resources/casestudies/adeo/${name}.avsc`,
      `remote/adeo/${name}.avsc`,
    ]),
  ),
);

/** Findings in the upstream documents themselves (SOURCES.md lists them): check name and message, as patterns. */
export const UPSTREAM_FINDINGS: Readonly<Record<string, readonly (readonly [RegExp, RegExp])[]>> = {
  'asyncapi/spec-3.0.0/adeo-kafka-request-reply-asyncapi.yml': [
    [/is a valid AsyncAPI document/, /costingResponse.bindings.kafka/],
  ],
  'asyncapi/avro-schema-parser/invalid-asyncapi.yaml': [[/is a valid AsyncAPI document/, /testMessage/]],
  'asyncapi/openapi-schema-parser/invalid-asyncapi.yaml': [[/is a valid AsyncAPI document/, /testMessage/]],
  ...Object.fromEntries(
    [
      'asyncapi/spec-3.0.0/kraken-websocket-request-reply-multiple-channels-asyncapi.yml',
      'asyncapi/spec-3.1.0/kraken-websocket-request-reply-multiple-channels-asyncapi.yml',
      'asyncapi/spec-3.1.0/kraken-websocket-request-reply-message-filter-in-reply-asyncapi.yml',
    ].map((file) => [
      file,
      [
        [/example \/ subscriptionStatus#0/, /payload\/pair must be array/],
        [/example \/ subscriptionStatus#1/, /payload\/pair must be array/],
      ],
    ]),
  ),
  'openapi/readme-oas-examples/3.0/yaml/request-examples.yaml': [
    ...['patch', 'put'].flatMap((method) =>
      ['requestBody', 'responses/200'].flatMap((at) =>
        ['cat', 'dog'].map((name): readonly [RegExp, RegExp] => [
          new RegExp(`${method}/${at}/content/application~1json/examples/${name} matches`),
          method === 'patch'
            ? /example must be object; the example is a string holding JSON that matches the schema/
            : /example must be array; the example is a string holding JSON that matches the schema/,
        ]),
      ),
    ),
  ],
  // `targetContainerHostCredentialsBase64` is required and `x-ms-mutability: [create]`: Azure never returns it, yet
  // the response examples are checked against the same schema, which requires it (OpenAPI has `writeOnly` for that).
  'openapi/apis-guru/azure.com-devspaces.json': [
    'ControllersList',
    'ControllersListByResourceGroup',
    'ControllersGet',
    'ControllersUpdate',
    'ControllersCreate',
  ].map((name): readonly [RegExp, RegExp] => [
    new RegExp(`examples/${name} matches its schema`),
    /must have required property 'targetContainerHostCredentialsBase64'/,
  ]),
  'openapi/readme-oas-examples/3.1/yaml/train-travel.yaml': [
    [/Trip\/properties\/id\/examples\/0/, /must match format "uuid"/],
    [/Booking\/properties\/id\/examples\/0/, /must match format "uuid"/],
    [/Booking\/properties\/trip_id\/examples\/0/, /must match format "uuid"/],
  ],
};

/** The corpus documents of one kind, as paths relative to the corpus (shared `common/` fragments left out). */
export function corpusDocuments(kind: 'asyncapi' | 'openapi'): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'common') walk(path);
      } else if (/\.(ya?ml|json)$/.test(name)) found.push(relative(CORPUS, path));
    }
  };
  walk(join(CORPUS, kind));
  return found;
}

/** Runs the contract-documents gate (through the runner, as `tracegate verify` does) on one corpus document. */
export async function runCorpusDocument(kind: 'asyncapi' | 'openapi', path: string, dir = CORPUS) {
  const config = { contracts: { [kind]: { path }, remoteRefs: CORPUS_REMOTE_REFS } };
  const { report, crashed } = await runGate(contractDocumentsGate, gateContext({ config, dir }));
  const checks = (report.details?.checks ?? []) as readonly CheckResult[];
  const dialects = (report.details?.schemaDialects ?? []) as readonly Record<string, number>[];
  return { report, crashed, checks, dialects };
}

/**
 * Checks one corpus document through the gate: it never crashes ("could not run"), and exactly the upstream findings
 * fail, each naming its field. Returns how many schemas each dialect covered.
 */
export async function expectCorpusDocument(kind: 'asyncapi' | 'openapi', path: string) {
  const { report, crashed, checks, dialects } = await runCorpusDocument(kind, path);
  expect(crashed, JSON.stringify(report.details?.reason)).toBe(false);
  expect(checks.some((c) => c.name.includes('could not run'))).toBe(false);
  const failed = checks.filter((c) => c.status === 'failed').map((c) => [c.name, c.message ?? '']);
  const expected = (UPSTREAM_FINDINGS[path] ?? []).map(([name, message]) => [
    expect.stringMatching(name),
    expect.stringMatching(message),
  ]);
  expect(failed).toEqual(expected);
  return { checks, dialects };
}
