import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readReleased } from './released-source.ts';

const dir = mkdtempSync(join(tmpdir(), 'tracegate-released-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readReleased', () => {
  it('reads a released .json from git as strict JSON, and says so rather than blaming git', async () => {
    const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: 'pipe' });
    git('init', '-q');
    writeFileSync(join(dir, 'openapi.json'), '{"openapi": "3.1.0", "paths": {},}');
    writeFileSync(join(dir, 'openapi.yaml'), '{"openapi": "3.1.0", "paths": {},}');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'v1');
    await expect(readReleased('git:HEAD:openapi.json', dir)).rejects.toThrow(
      /^git:HEAD:openapi\.json:1:33: invalid JSON: trailing comma before "}"/,
    );
    await expect(readReleased('git:HEAD:openapi.yaml', dir)).resolves.toEqual({ openapi: '3.1.0', paths: {} });
    await expect(readReleased('git:HEAD:absent.json', dir)).rejects.toThrow(/git show failed/);
  });
});
