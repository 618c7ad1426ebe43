import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { CheckResult } from '../../report/types.ts';
import { runGate } from '../runner.ts';
import { contractDocumentsGate } from './gate.ts';
import { gateContext } from './testing.ts';

// A remote schema the document references by URL; the loopback port 9 refuses, so nothing leaves the machine.
const REMOTE = 'http://127.0.0.1:9/schemas/pet.yaml';

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tracegate-openapi-refs-'));
  writeFileSync(
    join(dir, 'pet.yaml'),
    stringify({ Pet: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } }),
  );
  writeFileSync(join(dir, 'common.yaml'), stringify({ Error: { type: 'object' } }));
  const schema = (ref: string) => ({ content: { 'application/json': { schema: { $ref: ref } } } });
  writeFileSync(
    join(dir, 'openapi.yaml'),
    stringify({
      openapi: '3.1.0',
      info: { title: 'pets', version: '1.0.0' },
      paths: {
        '/pets/{id}': {
          get: {
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            responses: {
              '200': { description: 'a pet', ...schema(`${REMOTE}#/Pet`) },
              '404': { description: 'none', ...schema('./common.yaml#/Error') },
            },
          },
        },
      },
    }),
  );
  return dir;
}

async function validity(dir: string, remoteRefs?: Record<string, string>): Promise<CheckResult | undefined> {
  const contracts = { openapi: { path: 'openapi.yaml' }, ...(remoteRefs ? { remoteRefs } : {}) };
  const { report, crashed } = await runGate(contractDocumentsGate, gateContext({ dir, config: { contracts } }));
  expect(crashed).toBe(false);
  const checks = (report.details?.checks ?? []) as readonly CheckResult[];
  return checks.find((c) => c.name.endsWith('is a valid OpenAPI document'));
}

describe('contract-documents: remote $refs of an OpenAPI document', () => {
  it('reads a mapped URL from its local copy, and local relative refs as before', async () => {
    const check = await validity(workspace(), { [REMOTE]: 'pet.yaml' });
    expect(check?.status).toBe('passed');
  });

  it('fails the document check naming the URL when it is neither mapped nor fetchable', async () => {
    const check = await validity(workspace());
    expect(check?.status).toBe('failed');
    expect(`${check?.message}\n${JSON.stringify(check?.evidence)}`).toContain('127.0.0.1:9');
  });
});
