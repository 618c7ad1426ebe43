import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDocument } from '../../contracts/read-document.ts';
import type { CheckResult } from '../../report/types.ts';
import { runGate } from '../runner.ts';
import { CORPUS } from './corpus-testing.ts';
import { contractDocumentsGate } from './gate.ts';
import { gateContext, writeTempDocument } from './testing.ts';

// Invalid (and dialect) variants derived from corpus documents written by others: each broken example must fail
// naming its field, everything else in the same document must still be checked, and the gate must never crash.

// biome-ignore lint/suspicious/noExplicitAny: the tests edit parsed YAML documents freely
type Doc = Record<string, any>;

const corpusDocument = (path: string): Doc => readDocument(join(CORPUS, path)) as Doc;

async function gate(kind: 'asyncapi' | 'openapi', document: Doc) {
  const path = writeTempDocument(`${kind}.yaml`, document);
  const { report, crashed } = await runGate(
    contractDocumentsGate,
    gateContext({ config: { contracts: { [kind]: { path } } } }),
  );
  expect(crashed).toBe(false);
  const checks = (report.details?.checks ?? []) as readonly CheckResult[];
  return { report, checks, byName: (pattern: RegExp) => checks.filter((c) => pattern.test(c.name)) };
}

/** The gate's result for a document, computed once for all tests of a describe block. */
function once(kind: 'asyncapi' | 'openapi', document: Doc) {
  let result: ReturnType<typeof gate> | undefined;
  return () => {
    result ??= gate(kind, document);
    return result;
  };
}

function expectExample(checks: readonly CheckResult[], status: 'passed' | 'failed', message?: RegExp) {
  expect(checks).toHaveLength(1);
  expect(checks[0]?.status).toBe(status);
  if (message) expect(checks[0]?.message).toMatch(message);
}

describe('variants of AsyncAPI 3.1 application-headers (spec examples)', () => {
  const document = corpusDocument('asyncapi/spec-3.1.0/application-headers-asyncapi.yml');
  const message = document.components.messages.lightMeasured;
  document.components.schemas.lightMeasuredPayload.required = ['lumens'];
  const headers = { MQMD: { CorrelId: '0123456789abcdef01234567' }, applicationInstanceId: 'lamp-1' };
  const payload = { lumens: 5, sentAt: '2026-01-31T10:00:00Z' };
  message.examples = [
    { name: 'valid', headers, payload },
    { name: 'below-minimum', headers, payload: { ...payload, lumens: -1 } },
    { name: 'wrong-type', headers, payload: { ...payload, lumens: 'bright' } },
    { name: 'missing-required', headers, payload: { sentAt: payload.sentAt } },
    { name: 'bad-format', headers, payload: { ...payload, sentAt: 'yesterday' } },
    { name: 'bad-header', headers: { ...headers, MQMD: { CorrelId: 'short' } }, payload },
  ];

  const run = once('asyncapi', document);

  it.each([
    ['valid', 'passed', undefined],
    ['below-minimum', 'failed', /payload\/lumens must be >= 0/],
    ['wrong-type', 'failed', /payload\/lumens must be integer/],
    ['missing-required', 'failed', /payload must have required property 'lumens'/],
    ['bad-format', 'failed', /payload\/sentAt must match format "date-time"/],
    ['bad-header', 'failed', /headers\/MQMD\/CorrelId must NOT have fewer than 24 characters/],
  ] as const)('example %s: %s', async (name, status, reason) => {
    const { byName } = await run();
    expectExample(byName(new RegExp(`lightMeasured#${name} matches`)), status, reason);
  });
});

describe('every schema dialect, by schemaFormat, in one AsyncAPI 3.1 document (derived from gitter-streaming)', () => {
  const document = corpusDocument('asyncapi/spec-3.1.0/gitter-streaming-asyncapi.yml');
  const dialects: Record<string, { format?: string; schema: unknown; ok: unknown; bad?: unknown }> = {
    draft04: {
      format: 'application/schema+json;version=draft-04',
      schema: { type: 'number', maximum: 10, exclusiveMaximum: true },
      ok: 9,
      bad: 10,
    },
    draft06: { format: 'application/schema+json;version=draft-06', schema: { const: 'x' }, ok: 'x', bad: 'y' },
    draft07Tuple: {
      format: 'application/schema+yaml;version=draft-07',
      schema: { type: 'array', items: [{ type: 'string' }, { type: 'integer' }] },
      ok: ['a', 1],
      bad: ['a', 'b'],
    },
    draft201909: {
      format: 'application/schema+json;version=2019-09',
      schema: { type: 'object', properties: { a: { type: 'string' } }, unevaluatedProperties: false },
      ok: { a: 'x' },
      bad: { a: 'x', b: 1 },
    },
    draft202012: {
      format: 'application/schema+json;version=2020-12',
      schema: { type: 'array', prefixItems: [{ type: 'string' }], items: false },
      ok: ['a'],
      bad: ['a', 1],
    },
    dollarSchema: {
      format: 'application/schema+json',
      schema: {
        $schema: 'http://json-schema.org/draft-04/schema#',
        type: 'integer',
        minimum: 1,
        exclusiveMinimum: true,
      },
      ok: 2,
      bad: 1,
    },
    openapi30: {
      format: 'application/vnd.oai.openapi;version=3.0.0',
      schema: { type: 'string', nullable: true },
      ok: null,
      bad: 5,
    },
    asyncapiUnknownFormats: {
      schema: {
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'string', format: 'iri-reference' }, tag: { type: 'string', format: 'x-custom' } },
      },
      ok: { id: 'not an IRI, but formats unknown to the checker are annotations', tag: 'x' },
      bad: {},
    },
    avroYaml: {
      format: 'application/vnd.apache.avro+yaml;version=1.9.0',
      schema: { type: 'record', name: 'Reading', fields: [{ name: 'lux', type: 'int' }] },
      ok: { lux: 3 },
      bad: { lux: 'dim' },
    },
    raml: { format: 'application/raml+yaml;version=1.0', schema: { type: 'string' }, ok: 1 },
    broken: {
      format: 'application/vnd.apache.avro;version=1.9.0',
      schema: { type: 'record', name: 'Broken', fields: [{ name: 'x', type: 'Undeclared' }] },
      ok: { x: 1 },
    },
    unfetchable: { schema: { $ref: 'http://127.0.0.1:9/schemas/reading.json' }, ok: 'x' },
  };
  const messages = Object.fromEntries(
    Object.entries(dialects).map(([name, d]) => [
      name,
      {
        name,
        payload: d.format ? { schemaFormat: d.format, schema: d.schema } : d.schema,
        examples: [{ name: 'ok', payload: d.ok }, ...('bad' in d ? [{ name: 'bad', payload: d.bad }] : [])],
      },
    ]),
  );
  document.components.messages = messages;
  document.channels.rooms.messages = Object.fromEntries(
    Object.keys(messages).map((name) => [name, { $ref: `#/components/messages/${name}` }]),
  );
  document.operations.sendRoomInfo.messages = Object.keys(messages).map((name) => ({
    $ref: `#/channels/rooms/messages/${name}`,
  }));

  const run = once('asyncapi', document);

  it('checks each dialect by its own rules: good examples pass, bad ones fail', async () => {
    const { byName } = await run();
    for (const [name, d] of Object.entries(dialects)) {
      if (['raml', 'broken', 'unfetchable'].includes(name)) continue;
      expectExample(byName(new RegExp(` ${name}#ok matches`)), 'passed');
      if ('bad' in d) expectExample(byName(new RegExp(` ${name}#bad matches`)), 'failed', /payload/);
    }
  });

  it('reports an unsupported schema format as not checked, a warning counted in the summary', async () => {
    const { byName, report } = await run();
    const raml = byName(/message raml payload schema .* is checked/);
    expect(raml).toEqual([
      expect.objectContaining({ status: 'skipped', message: expect.stringContaining('application/raml+yaml') }),
    ]);
    expectExample(byName(/ raml#ok matches/), 'passed');
    expect(report.details?.summary).toContain('1 schemas not checked');
  });

  it('fails a schema that does not compile as a check naming channel, message and pointer; the rest is checked', async () => {
    const { byName, checks } = await run();
    expect(byName(/message broken payload schema/)).toEqual([
      expect.objectContaining({
        name: expect.stringContaining('channel /rooms/{roomId}/{resource} message broken payload schema at'),
        status: 'failed',
        message: expect.stringMatching(
          /at \/channels\/rooms\/messages\/broken\/payload\/schema does not compile: undefined type name: Undeclared/,
        ),
      }),
    ]);
    expect(checks.filter((c) => c.status === 'passed').length).toBeGreaterThanOrEqual(10);
  });

  it('fails the message whose remote $ref cannot be fetched, naming the URL', async () => {
    const { byName } = await run();
    const [check] = byName(/message unfetchable payload schema/);
    expect(check?.status).toBe('failed');
    expect(check?.message).toContain('remote $ref could not be fetched: http://127.0.0.1:9/schemas/reading.json');
  });

  it('reports unknown formats once, as notes', async () => {
    const { report } = await run();
    const notices = report.details?.notices as string[];
    expect(notices.filter((n) => n.includes('"iri-reference"'))).toHaveLength(1);
    expect(notices.filter((n) => n.includes('"x-custom"'))).toHaveLength(1);
  });
});

describe('Avro examples (avro-schema-parser reused enums, AsyncAPI 3.0)', () => {
  const document = corpusDocument('asyncapi/avro-schema-parser/asyncapi-with-reused-enums.yaml');
  const valid = { r1: 'A', r2: 'B', r3: 'C', r4: null, r5: 'text' };
  document.components.messages.example_message.examples = [
    { name: 'valid', payload: valid },
    { name: 'wrong-symbol', payload: { ...valid, r2: 'Z' } },
    { name: 'missing-field', payload: { r1: 'A', r2: 'B', r3: 'C', r4: 'x' } },
    { name: 'wrong-type', payload: { ...valid, r4: 5 } },
  ];

  const run = once('asyncapi', document);

  it.each([
    ['valid', 'passed', undefined],
    ['wrong-symbol', 'failed', /payload\/r2 must be Avro enum MyEnum: "Z"/],
    ['missing-field', 'failed', /payload\/r5 is missing/],
    ['wrong-type', 'failed', /payload\/r4 must be Avro union/],
  ] as const)('example %s: %s', async (name, status, reason) => {
    const { byName } = await run();
    expectExample(byName(new RegExp(`#${name} matches`)), status, reason);
  });
});

describe('variants of OpenAPI 3.0 petstore-expanded (OAI examples)', () => {
  const document = corpusDocument('openapi/oai-spec/v3.0/petstore-expanded.yaml');
  const post = document.paths['/pets'].post;
  post.requestBody.content['application/json'].examples = {
    valid: { value: { name: 'Rex', tag: 'dog' } },
    nullTag: { value: { name: 'Rex', tag: null } },
    wrongType: { value: { name: 5 } },
    missingName: { value: { tag: 'dog' } },
  };
  document.components.schemas.NewPet.properties.tag.nullable = true;
  const limit = document.paths['/pets'].get.parameters[1];
  limit.schema.minimum = 1;
  limit.example = 0;
  post.responses['200'].headers = { 'X-Rate-Limit': { schema: { type: 'integer' }, example: 'many' } };

  const run = once('openapi', document);

  it.each([
    ['requestBody.*examples/valid', 'passed', undefined],
    ['requestBody.*examples/nullTag', 'passed', undefined],
    ['requestBody.*examples/wrongType', 'failed', /\/name must be string/],
    ['requestBody.*examples/missingName', 'failed', /must have required property 'name'/],
    ['parameters/1/example', 'failed', /must be >= 1/],
    ['X-Rate-Limit/example', 'failed', /must be integer/],
  ] as const)('%s: %s', async (where, status, reason) => {
    const { byName } = await run();
    expectExample(byName(new RegExp(`example .*${where} matches`)), status, reason);
  });
});
