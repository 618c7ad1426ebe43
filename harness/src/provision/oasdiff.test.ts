import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { oasdiffBinary } from './oasdiff.ts';

const cache = mkdtempSync(join(tmpdir(), 'tracegate-oasdiff-cache-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe('oasdiffBinary', () => {
  it('says how to get oasdiff when Go is missing and nothing is cached', async () => {
    const env = { PATH: join(cache, 'no-bin'), TRACEGATE_CACHE: cache };
    await expect(oasdiffBinary({ env, log: () => {} })).rejects.toMatchObject({
      code: 'MISSING_PREREQUISITE',
      message: expect.stringMatching(
        /install Go 1\.24\+.*or set TRACEGATE_OASDIFF_BIN to the path of a prebuilt oasdiff/,
      ),
    });
  });

  it('names a go that is installed but fails, with what it printed and no install advice', async () => {
    const bin = join(cache, 'broken-go');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'go'), '#!/bin/sh\necho "go: cannot find GOROOT directory: /usr/lib/go" >&2\nexit 2\n', {
      mode: 0o755,
    });
    const error = await oasdiffBinary({ env: { PATH: bin, TRACEGATE_CACHE: cache }, log: () => {} }).catch((e) => e);
    expect(error).toMatchObject({ name: 'ProbeError', code: 'PREREQUISITE_FAILED', command: 'go' });
    expect(error.message).toMatchInlineSnapshot(
      `"oasdiff is built from its Go module github.com/oasdiff/oasdiff, and \`go env GOVERSION\` exited with 2: go: cannot find GOROOT directory: /usr/lib/go; repair or replace the go on PATH — or set TRACEGATE_OASDIFF_BIN to the path of a prebuilt oasdiff"`,
    );
  });

  it('takes TRACEGATE_OASDIFF_BIN as is, and refuses one that does not exist', async () => {
    const env = { TRACEGATE_OASDIFF_BIN: process.execPath, TRACEGATE_CACHE: cache };
    await expect(oasdiffBinary({ env })).resolves.toEqual({ path: process.execPath, version: 'custom' });
    await expect(oasdiffBinary({ env: { TRACEGATE_OASDIFF_BIN: join(cache, 'nope') } })).rejects.toMatchObject({
      code: 'PROVISION_FAILED',
    });
  });
});
