import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PactFile, PactInteraction } from '../pact-consumers/pact-files.ts';
import { pluginDir, unverifiableReason } from './verifiable.ts';

const pact = (specification: string): PactFile => ({
  path: '/pacts/web-shop.json',
  consumer: 'web',
  provider: 'shop',
  specification,
  interactions: [],
});
const http: PactInteraction = { description: 'a read', type: 'Synchronous/HTTP', states: [] };

describe('unverifiableReason', () => {
  const plugins = mkdtempSync(join(tmpdir(), 'tracegate-plugins-'));
  mkdirSync(join(plugins, 'csv-0.0.6'));

  it.each([
    ['4.0', http, undefined],
    ['unknown', http, undefined],
    ['1.0.0', { ...http, type: 'Asynchronous/Messages' }, undefined],
    ['4.0', { ...http, type: 'Synchronous/Messages' }, undefined],
    ['4.0', { ...http, plugins: ['csv'], transport: 'http' }, undefined],
    ['5.0.0', http, 'pact specification "5.0.0" is not one the Pact verifier reads (1.x to 4.x)'],
    ['latest', http, 'pact specification "latest" is not one the Pact verifier reads (1.x to 4.x)'],
    [
      '4.0',
      { ...http, type: 'Synchronous/Graph' },
      'interaction type "Synchronous/Graph" is not one the Pact verifier runs (Synchronous/HTTP, Asynchronous/Messages, Synchronous/Messages)',
    ],
    [
      '4.0',
      { ...http, type: 'Synchronous/Messages', plugins: ['protobuf'], transport: 'grpc' },
      'sent over grpc: the gate verifies interactions over HTTP and through message providers only',
    ],
    [
      '4.0',
      { ...http, plugins: ['protobuf'] },
      `needs the Pact plugin "protobuf", not installed in ${plugins} (install it with pact-plugin-cli, or set PACT_PLUGIN_DIR)`,
    ],
    [
      '4.0',
      { ...http, scalarJsonRequest: true as const },
      'the request body is a bare JSON string, number or boolean: the Pact JS verifier proxy parses JSON bodies strictly and answers 400 before the provider sees the request',
    ],
  ])('spec %s, %o → %s', (specification, interaction, reason) => {
    expect(unverifiableReason(pact(specification), interaction, plugins)).toBe(reason);
  });

  it('looks for plugins where the Pact verifier does', () => {
    expect(pluginDir({ PACT_PLUGIN_DIR: '/opt/plugins' })).toBe('/opt/plugins');
    expect(pluginDir({})).toMatch(/\.pact\/plugins$/);
  });
});
