import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { CheckResult } from '../../report/types.ts';
import { runGate } from '../runner.ts';
import { contractDocumentsGate } from './gate.ts';
import { gateContext } from './testing.ts';

// A document split over files the way DigitalOcean's public API description is: operations and descriptions are
// `$ref`s to other files, placed where OpenAPI allows no Reference Object (Redocly and Spectral resolve them). The
// operation's schema is recursive, so the parser leaves the operation's `$ref` in place and rejects it as written.
function splitWorkspace(options: { exampleId: unknown; responseDescription: boolean }): string {
  const dir = mkdtempSync(join(tmpdir(), 'tracegate-openapi-split-'));
  writeFileSync(join(dir, 'description.yml'), stringify({ introduction: 'The things API.' }));
  const node = { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/Node' } } } };
  writeFileSync(join(dir, 'models.yml'), stringify({ Node: node }));
  const response = options.responseDescription ? { description: 'a thing' } : {};
  writeFileSync(
    join(dir, 'things_get.yml'),
    stringify({
      operationId: 'things_get',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' }, example: options.exampleId }],
      responses: { '200': { ...response, content: { 'application/json': { schema: { $ref: 'models.yml#/Node' } } } } },
    }),
  );
  writeFileSync(
    join(dir, 'openapi.yaml'),
    stringify({
      openapi: '3.0.0',
      info: { title: 'things', version: '1.0.0', description: { $ref: 'description.yml#/introduction' } },
      paths: { '/things/{id}': { get: { $ref: 'things_get.yml' } } },
    }),
  );
  return dir;
}

async function checksOf(dir: string): Promise<readonly CheckResult[]> {
  const contracts = { openapi: { path: 'openapi.yaml' } };
  const { report, crashed } = await runGate(contractDocumentsGate, gateContext({ dir, config: { contracts } }));
  expect(crashed).toBe(false);
  return (report.details?.checks ?? []) as readonly CheckResult[];
}

const validity = (checks: readonly CheckResult[]) => checks.find((c) => c.name.endsWith('is a valid OpenAPI document'));

describe('contract-documents: a document whose $refs to other files stand where OpenAPI allows none', () => {
  it('is valid once those files are inlined, says so, and its examples in the other files are checked', async () => {
    const checks = await checksOf(splitWorkspace({ exampleId: 'seven', responseDescription: true }));
    expect(validity(checks)?.status).toBe('passed');
    expect(validity(checks)?.message).toContain('where OpenAPI allows no Reference Object were resolved');
    const example = checks.find((c) => c.name.includes('/paths/~1things~1{id}/get/parameters/0/example'));
    expect(example?.status).toBe('failed');
  });

  it('passes its examples when they match', async () => {
    const checks = await checksOf(splitWorkspace({ exampleId: 7, responseDescription: true }));
    expect(checks.filter((c) => c.status === 'failed')).toEqual([]);
    expect(checks.length).toBeGreaterThan(1);
  });

  it('is still invalid when the inlined document breaks a rule (a response without description)', async () => {
    const checks = await checksOf(splitWorkspace({ exampleId: 7, responseDescription: false }));
    expect(validity(checks)?.status).toBe('failed');
  });
});
