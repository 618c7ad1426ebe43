import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { providerWithMetadata } from '@pact-foundation/pact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mismatchText } from './mismatch-text.ts';
import { verifyProvider } from './verify-provider.ts';

const json = (content: unknown) => ({ contentType: 'application/json', encoded: false, content });

/** A V4 pact whose every interaction the provider below breaks in one way. */
const PACT = {
  consumer: { name: 'web' },
  provider: { name: 'shop' },
  interactions: [
    {
      type: 'Synchronous/HTTP',
      description: 'a missing page',
      request: { method: 'GET', path: '/gone' },
      response: { status: 200 },
    },
    {
      type: 'Synchronous/HTTP',
      description: 'an item',
      request: { method: 'GET', path: '/item' },
      response: { status: 200, headers: { 'x-version': ['2'] }, body: json({ id: 'i-1', name: 'lamp', tags: ['a'] }) },
    },
    {
      type: 'Asynchronous/Messages',
      description: 'an item.created event',
      contents: json({ id: 'i-1', price: 100 }),
      metadata: { topic: 'item.created' },
    },
  ],
  metadata: { pactSpecification: { version: '4.0' } },
};

describe('mismatch text of a real Pact verification', () => {
  let server: Server;
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/gone') return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'application/json', 'x-version': '1' });
      response.end(JSON.stringify({ id: 7, tags: [] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('names status, header, body path and message metadata with expected and actual, as Pact words them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegate-pact-'));
    writeFileSync(join(dir, 'web-shop.json'), JSON.stringify(PACT));
    const results = await verifyProvider({
      provider: 'shop',
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      pactFiles: [join(dir, 'web-shop.json')],
      messageProviders: {
        'an item.created event': providerWithMetadata(() => ({ id: 'i-1', price: '100' }), { topic: 'item.updated' }),
      },
    });
    expect(Object.fromEntries(results.map((r) => [r.description, r.mismatches]))).toMatchInlineSnapshot(`
      {
        "a missing page": [
          "status: expected 200 but was 404",
        ],
        "an item": [
          "body $.id: Expected 7 (Integer) to be equal to 'i-1' (String)",
          "body $.tags: Expected a List with 1 elements but received 0 elements",
          "body $.tags: Expected a but was missing",
          "body $: Actual map is missing the following keys: name",
          "header 'x-version': expected '2' but was '1'",
        ],
        "an item.created event": [
          "body $.price: Expected '100' (String) to be equal to 100 (Integer)",
          "metadata 'topic': expected "item.created" but was "item.updated"",
        ],
      }
    `);
  });
});

describe('mismatchText', () => {
  it.each([
    [{ type: 'MethodMismatch', expected: 'POST', actual: 'GET' }, 'method: expected POST but was GET'],
    [{ type: 'PathMismatch', expected: '/a', actual: '/b', mismatch: 'x' }, "path: expected '/a' but was '/b'"],
    [
      { type: 'QueryMismatch', parameter: 'page', expected: '2', actual: '1', mismatch: 'x' },
      "query parameter 'page': expected '2' but was '1'",
    ],
    [
      { type: 'BodyTypeMismatch', expected: 'application/json', actual: 'text/plain', mismatch: 'x' },
      "body content type: expected 'application/json' but was 'text/plain'",
    ],
    [{ type: 'HeaderMismatch', key: 'etag', expected: '"1"' }, `header 'etag': expected '"1"' but was missing`],
    [{ type: 'SomethingNew', mismatch: 'a future kind of mismatch' }, 'SomethingNew: a future kind of mismatch'],
    // What the verifier reports for a header / metadata key the provider left out (seen on pact-jvm and pact-net pacts).
    [
      {
        type: 'HeaderMismatch',
        key: 'testreqheader',
        expected: '"testreqheaderval"',
        actual: '',
        mismatch: "Expected a header 'testreqheader' but was missing",
      },
      "header 'testreqheader': expected 'testreqheaderval' but was missing",
    ],
    [
      {
        type: 'MetadataMismatch',
        key: 'someKey',
        expected: 'someString',
        actual: '',
        mismatch: "Expected message metadata 'someKey' but was missing",
      },
      "metadata 'someKey': expected someString but was missing",
    ],
    [
      { type: 'HeaderMismatch', key: 'x-empty', expected: 'a', actual: '' },
      "header 'x-empty': expected 'a' but was ''",
    ],
  ])('%o', (mismatch, text) => {
    expect(mismatchText(mismatch)).toBe(text);
  });
});
