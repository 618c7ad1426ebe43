import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { CheckResult } from '../../report/types.ts';
import { gateContext } from '../contract-documents/testing.ts';
import { breakingChangesGate } from './gate.ts';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

// An OpenAPI document split over files, in a sub-directory of its repository, released as v1 (a git tag).
function splitRepository(): { root: string; dir: string; write(pet: object, paths?: object): void } {
  const root = mkdtempSync(join(tmpdir(), 'tracegate-split-'));
  roots.push(root);
  const dir = join(root, 'api');
  mkdirSync(join(dir, 'schemas'), { recursive: true });
  const response = (ref: string) => ({ description: 'ok', content: { 'application/json': { schema: { $ref: ref } } } });
  const allPaths = {
    '/pets/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': response('./schemas/pet.yaml') },
      },
    },
    '/owners': { get: { responses: { '200': response('./schemas/pet.yaml') } } },
  };
  const write = (pet: object, paths: object = allPaths) => {
    writeFileSync(join(dir, 'schemas', 'pet.yaml'), stringify(pet));
    writeFileSync(
      join(dir, 'openapi.yaml'),
      stringify({ openapi: '3.0.3', info: { title: 'pets', version: '1.0.0' }, paths }),
    );
  };
  return { root, dir, write };
}

const git = (root: string, ...args: string[]) => execFileSync('git', ['-C', root, ...args], { stdio: 'pipe' });

/** Commits the repository's files as its first commit, tagged `v1`. */
function release(root: string): void {
  git(root, 'init', '-q');
  git(root, 'add', '.');
  git(root, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'v1');
  git(root, 'tag', 'v1');
}
const pet = { type: 'object', required: ['name'], properties: { name: { type: 'string' }, age: { type: 'integer' } } };

async function compare(dir: string, released: string): Promise<CheckResult | undefined> {
  const config = { contracts: { openapi: { path: 'openapi.yaml', released } } };
  const [check] = (await breakingChangesGate.run(gateContext({ config, dir }))).checks;
  return check;
}

describe('breaking-changes: an OpenAPI document split over files', () => {
  it('compares the released version from git with its own files at that ref, and finds the breaking change', async () => {
    const repo = splitRepository();
    repo.write(pet);
    release(repo.root);
    const { age: _removed, ...withoutAge } = pet.properties;
    repo.write({ ...pet, properties: withoutAge }, {});
    const check = await compare(repo.dir, 'git:v1:openapi.yaml');
    expect(check?.status).toBe('failed');
    expect(check?.message).toMatch(/api-path-removed-without-deprecation/);
  });

  it('passes when nothing changed since the release, and reads a released file beside its own files', async () => {
    const repo = splitRepository();
    repo.write(pet);
    release(repo.root);
    expect((await compare(repo.dir, 'git:HEAD:openapi.yaml'))?.status).toBe('passed');
    expect((await compare(repo.dir, 'openapi.yaml'))?.status).toBe('passed');
  });
});
