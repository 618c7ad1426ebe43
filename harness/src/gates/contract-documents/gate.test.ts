import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDocument } from '../../contracts/read-document.ts';
import { contractDocumentsGate } from './gate.ts';
import { gateContext, REPO_ROOT, writeTempDocument } from './testing.ts';

const fixture = (name: string) => join(REPO_ROOT, 'fixtures/contracts', name);
const inventory = (name: string) => join(REPO_ROOT, 'fixtures/inventory-service', name);

async function run(contracts: { openapi?: string; asyncapi?: string }) {
  const config = {
    contracts: {
      ...(contracts.openapi ? { openapi: { path: contracts.openapi } } : {}),
      ...(contracts.asyncapi ? { asyncapi: { path: contracts.asyncapi } } : {}),
    },
  };
  return (await contractDocumentsGate.run(gateContext({ config }))).checks;
}

describe('contract-documents gate', () => {
  it('fails a .json OpenAPI document that repeats a key, at its line and column, though the parser reads it', async () => {
    const path = writeTempDocument('openapi.json', {});
    const paths = '"paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}}';
    const info = (title: string) => `"info": {"title": "${title}", "version": "1.0.0"}`;
    writeFileSync(path, `{\n  "openapi": "3.1.0",\n  ${info('a')},\n  ${paths},\n  ${info('b')}\n}\n`);
    const [check, ...rest] = await run({ openapi: path });
    expect(rest).toEqual([]);
    expect([check?.status, check?.message?.split('\n')[0]]).toEqual([
      'failed',
      `${path}:5:3: invalid JSON: key "info" is repeated in one object (first at 3:3); JSON readers disagree on which value wins`,
    ]);
  });

  it.each([
    ['the reference service', 'contracts/openapi.yaml', 'contracts/asyncapi.yaml'],
    ['inventory-service', inventory('openapi.yaml'), inventory('asyncapi.yaml')],
  ])('passes the contracts of %s, checking every example', async (_name, openapi, asyncapi) => {
    const checks = await run({ openapi, asyncapi });
    expect(checks.filter((c) => c.status === 'failed')).toEqual([]);
    expect(checks.filter((c) => /valid (OpenAPI|AsyncAPI) document/.test(c.name))).toHaveLength(2);
    expect(checks.some((c) => / example .* matches payload and headers/.test(c.name))).toBe(true);
  });

  it.each([
    ['inventory-openapi-invalid.yaml', 'openapi', /valid OpenAPI document/, /description/],
    [
      'inventory-openapi-bad-example.yaml',
      'openapi',
      /example .*requestBody.* matches its schema/,
      /quantity must be >= 1/,
    ],
    ['inventory-asyncapi-invalid.yaml', 'asyncapi', /valid AsyncAPI document/, /action/],
    [
      'inventory-asyncapi-bad-example.yaml',
      'asyncapi',
      /example inventory.reserved/,
      /headers\/traceparent must match pattern/,
    ],
  ])('fails %s for the right reason', async (file, kind, check, reason) => {
    const checks = await run({ [kind]: fixture(file) });
    const failed = checks.filter((c) => c.status === 'failed');
    expect(failed.map((c) => c.name)).toEqual([expect.stringMatching(check)]);
    expect(failed[0]?.message).toMatch(reason);
  });

  it('fails a reference AsyncAPI copy whose example lost a renamed payload field', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: the test mutates a parsed YAML document freely
    const document = readDocument(join(REPO_ROOT, 'contracts/asyncapi.yaml')) as Record<string, any>;
    const example = document.components.messages.OrderCreated.examples[0];
    example.payload.order_id = example.payload.orderId;
    delete example.payload.orderId;
    const checks = await run({ asyncapi: writeTempDocument('asyncapi.yaml', document) });
    const failed = checks.filter((c) => c.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.message).toContain("payload must have required property 'orderId'");
    expect(failed[0]?.message).toContain('payload must NOT have additional properties: "order_id"');
  });

  it('says it does not apply without contracts', () => {
    expect(contractDocumentsGate.applies(gateContext({ config: {} }).loaded)).toMatchObject({ ok: false });
  });
});
