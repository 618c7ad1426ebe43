import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAsyncApiModel } from '../../contracts/asyncapi-model.ts';
import { compileMessageValidator } from '../../contracts/message-validator.ts';
import { readDocument } from '../../contracts/read-document.ts';
import { CORPUS, runCorpusDocument } from './corpus-testing.ts';
import { checkOpenApiExamples } from './openapi-examples.ts';

// Documents written by others whose Schema Objects carry specification extensions (fixtures/corpus/SOURCES.md).
const UNKNOWN_KEYWORD = /unknown keyword/;
const EXTENSION_NOTICE = /unknown keyword: "x-/;

type Json = Record<string, unknown>;

/** The `x-…` keys a schema and the schemas inside it carry (the precondition: the document has some). */
function extensionKeys(schema: unknown): string[] {
  const text = JSON.stringify(schema);
  return [...new Set(text.match(/"x-[^"]+":/g) ?? [])].map((key) => key.slice(1, -2));
}

function componentSchema(document: Json, name: string): Json {
  const schemas = (document.components as { schemas: Record<string, Json> }).schemas;
  return schemas[name] as Json;
}

const OPENAPI = [
  {
    path: 'openapi/apis-guru/azure.com-devspaces.json',
    schema: 'Sku',
    extensions: ['x-ms-enum'],
    valid: { name: 'S1', tier: 'Standard' },
    invalid: { tier: 'Premium' },
    typo: (schema: Json) => Object.assign(schema, { requird: ['tier'] }),
    typoNotice: 'ignored: unknown keyword: "requird"',
  },
  {
    path: 'openapi/apis-guru/adyen.com-BalancePlatformTransferNotification-v3.json',
    schema: 'BalanceMutation',
    extensions: ['x-addedInVersion'],
    valid: { balance: 100, currency: 'EUR', received: 0, reserved: -100 },
    invalid: { balance: '100' },
    typo: (schema: Json) =>
      Object.assign((schema.properties as Record<string, Json>).currency as Json, { minLenght: 3 }),
    typoNotice: 'ignored: unknown keyword: "minLenght"',
  },
] as const;

describe('specification extensions (x-…) in Schema Objects of OpenAPI documents written by others', () => {
  it.each(OPENAPI)('$path: the gate notes no extension as an unknown keyword', async ({ path, schema, extensions }) => {
    expect(extensionKeys(componentSchema(readDocument(join(CORPUS, path)), schema))).toEqual(extensions);
    const { report, crashed } = await runCorpusDocument('openapi', path);
    expect(crashed).toBe(false);
    const notices = (report.details?.notices ?? []) as string[];
    expect(notices.filter((n) => EXTENSION_NOTICE.test(n))).toEqual([]);
  });

  it.each(OPENAPI)('$path: an example is checked against a schema with extensions; a typo is still noted', (test) => {
    const document = readDocument(join(CORPUS, test.path)) as Json;
    const schema = componentSchema(document, test.schema);
    schema.examples = [test.valid, test.invalid];
    test.typo(schema);
    const { results, notices } = checkOpenApiExamples(document);
    const added = results.filter((r) => r.example.at.startsWith(`/components/schemas/${test.schema}/examples/`));
    expect(added.map((r) => r.errors.length > 0)).toEqual([false, true]);
    expect(notices.filter((n) => UNKNOWN_KEYWORD.test(n))).toEqual([test.typoNotice]);
  });
});

describe('specification extensions (x-…) in Schema Objects of an AsyncAPI document written by others', () => {
  const path = 'asyncapi/solace-ep-asyncapi/EventApi-Name.json';
  const dir = mkdtempSync(join(tmpdir(), 'tracegate-extensions-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const valid = { sentAt: '2024-05-01T10:00:00Z', storeId: 'store-7', transactionId: 'tx-1' };

  it('the gate notes no extension as an unknown keyword', async () => {
    const { report, crashed } = await runCorpusDocument('asyncapi', path);
    expect(crashed).toBe(false);
    const notices = (report.details?.notices ?? []) as string[];
    expect(notices.filter((n) => UNKNOWN_KEYWORD.test(n))).toEqual([]);
  });

  it('payloads are validated against schemas with extensions; a typo is still noted', async () => {
    const document = readDocument(join(CORPUS, path)) as Json;
    const storeId = (componentSchema(document, 'Schema_1_Name').properties as Record<string, Json>).storeId as Json;
    storeId.minLenght = 3;
    const copy = join(dir, 'asyncapi.json');
    writeFileSync(copy, JSON.stringify(document));
    const model = await loadAsyncApiModel(copy);
    const channel = model.channels.find((c) => c.address === 'topic/{Enum_1_Name}/_1_');
    const message = channel?.messages[0];
    expect(extensionKeys(message?.payload?.schema)).toEqual(expect.arrayContaining(['x-ep-schema-name']));
    const validator = compileMessageValidator(model);
    expect(validator.problems).toEqual([]);
    const check = (payload: unknown) =>
      validator.validateExample(channel?.address ?? '', message?.id ?? '', { payload });
    expect(check(valid)).toEqual([]);
    expect(check({ ...valid, sentAt: 'yesterday' })).toEqual(['payload/sentAt must match format "date-time"']);
    expect(validator.notices.filter((n) => UNKNOWN_KEYWORD.test(n))).toEqual(['ignored: unknown keyword: "minLenght"']);
  });
});
