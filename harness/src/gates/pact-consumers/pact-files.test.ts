import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interactionsKey, majorVersion, type PactFile, readPactFile } from './pact-files.ts';

const parties = { consumer: { name: 'web' }, provider: { name: 'shop' } };

function readJson(value: unknown): PactFile | { reason: string } {
  const path = join(mkdtempSync(join(tmpdir(), 'tracegate-pact-file-')), 'pact.json');
  writeFileSync(path, JSON.stringify(value));
  return readPactFile(path);
}

const read = (value: object) => readJson({ ...parties, ...value }) as PactFile;

describe('readPactFile', () => {
  it.each([
    [{ pactSpecification: { version: '4.0' } }, '4.0'],
    [{ 'pact-specification': { version: '2.0.0' } }, '2.0.0'],
    [{ pact_specification: { version: '1.1.0' } }, '1.1.0'],
    [{ pactSpecificationVersion: '1.0.0' }, '1.0.0'],
    [{ 'pact-specification': '2.0.0' }, '2.0.0'],
    [{ pactSpecification: { version: 3 } }, '3'],
    [{ pactSpecification: { version: null } }, 'unknown'],
    [{ 'pact-jvm': { version: '4.1.0' } }, 'unknown'],
  ])('reads the spec version from metadata %o as %s', (metadata, version) => {
    expect(read({ metadata, interactions: [] }).specification).toBe(version);
  });

  it('reads provider states in every spelling: V3/V4 providerStates, V1.1/V2 providerState, V1 provider_state', () => {
    const pact = read({
      interactions: [
        { description: 'a', providerStates: [{ name: 'one', params: { id: 1 } }, { name: 'two' }, { params: {} }] },
        { description: 'b', providerState: 'three' },
        { description: 'c', provider_state: 'four' },
        { description: 'd', providerStates: null, providerState: '' },
      ],
    });
    expect(pact.interactions.map((i) => i.states)).toEqual([['one', 'two'], ['three'], ['four'], []]);
  });

  it('takes the interactions from where the Pact verifier does, and never fails on odd entries', () => {
    const v3 = { metadata: { pactSpecification: { version: '3.0.0' } } };
    expect(read({ ...v3, interactions: [], messages: [{ description: 'm' }] }).interactions).toEqual([
      { description: 'm', type: 'Asynchronous/Messages', states: [] },
    ]);
    const v4 = { metadata: { pactSpecification: { version: '4.0' } } };
    expect(read({ ...v4, interactions: [{ description: 'h' }], messages: [{}] }).interactions).toHaveLength(1);
    expect(read({ interactions: null }).interactions).toEqual([]);
    expect(read({ interactions: [42, null] }).interactions.map((i) => i.description)).toEqual([
      '(no description)',
      '(no description)',
    ]);
    expect(readJson([parties])).toEqual({ reason: 'not a JSON object' });
    expect(readJson({ consumer: { name: 'web' }, provider: {} })).toEqual({
      reason: 'no consumer.name or provider.name',
    });
  });

  it('names the plugins, the transport, the topic under metadata or metaData, and a bare JSON request body', () => {
    const json = (content: unknown) => ({ contentType: 'application/json', encoded: false, content });
    const pact = read({
      interactions: [
        { description: 'grpc', pluginConfiguration: { protobuf: {} }, transport: 'grpc' },
        { description: 'v3 message', metaData: { topic: 'orders' } },
        { description: 'v4 scalar', request: { method: 'PUT', path: '/', body: json('Fulfilling') } },
        { description: 'v4 object', request: { method: 'PUT', path: '/', body: json({ a: 1 }) } },
        {
          description: 'v3 scalar',
          request: { method: 'PUT', path: '/', headers: { 'Content-Type': 'application/json' }, body: 7 },
        },
        {
          description: 'v3 text',
          request: { method: 'PUT', path: '/', headers: { 'content-type': 'text/plain' }, body: 'x' },
        },
      ],
    });
    const [grpc, message, ...bodies] = pact.interactions;
    expect(grpc).toMatchObject({ plugins: ['protobuf'], transport: 'grpc' });
    expect(message?.topic).toBe('orders');
    expect(bodies.map((i) => i.scalarJsonRequest === true)).toEqual([true, false, true, false]);
  });
});

describe('interactionsKey / majorVersion', () => {
  it('follow the Pact verifier: messages only before V4, the major version from any version text', () => {
    expect(interactionsKey({ messages: [] })).toBe('messages');
    expect(interactionsKey({ messages: [], metadata: { pactSpecification: { version: '4.0' } } })).toBe('interactions');
    expect(interactionsKey({ interactions: [] })).toBe('interactions');
    expect(['1.1.0', '4.0', '3', 'v2', 'unknown', '', 'x.1'].map(majorVersion)).toEqual([
      1,
      4,
      3,
      2,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
