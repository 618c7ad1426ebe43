import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPactDir } from './pact-files.ts';
import { publishWrittenPacts, readWrittenPacts, WRITTEN_PACTS_MANIFEST } from './written-pacts.ts';

function pactJson(consumer: string, provider: string, description = 'a request'): string {
  return JSON.stringify({
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: [{ type: 'Synchronous/HTTP', description }],
    metadata: { pactSpecification: { version: '4.0' } },
  });
}

function staged(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tracegate-staging-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('publishWrittenPacts', () => {
  it("replaces and removes only the files its own runs wrote, never another team's", () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegate-pacts-'));
    writeFileSync(join(dir, 'mobile-app-order-service.json'), pactJson('mobile-app', 'order-service'));
    const first = staged({ 'web-order-service.json': pactJson('web', 'order-service', 'v1') });
    publishWrittenPacts(readPactDir(first).pacts, dir);
    const second = staged({ 'shop-order-service.json': pactJson('shop', 'order-service') });
    const outcome = publishWrittenPacts(readPactDir(second).pacts, dir);
    expect(outcome).toEqual({ written: ['shop-order-service.json'], removed: ['web-order-service.json'] });
    expect(readdirSync(dir).sort()).toEqual([
      WRITTEN_PACTS_MANIFEST,
      'mobile-app-order-service.json',
      'shop-order-service.json',
    ]);
    expect(readFileSync(join(dir, 'mobile-app-order-service.json'), 'utf8')).toBe(
      pactJson('mobile-app', 'order-service'),
    );
    expect(readWrittenPacts(dir)).toEqual(['shop-order-service.json']);
  });

  it('deletes nothing on the word of a damaged manifest or one naming paths outside the directory', () => {
    const root = mkdtempSync(join(tmpdir(), 'tracegate-pacts-'));
    const dir = join(root, 'pacts');
    mkdirSync(dir);
    writeFileSync(join(root, 'outside.json'), '{}');
    writeFileSync(join(dir, WRITTEN_PACTS_MANIFEST), JSON.stringify({ files: ['../outside.json'] }));
    expect(publishWrittenPacts([], dir).removed).toEqual([]);
    expect(existsSync(join(root, 'outside.json'))).toBe(true);
    writeFileSync(join(dir, WRITTEN_PACTS_MANIFEST), '{ not json');
    expect(readWrittenPacts(dir)).toEqual([]);
  });
});

describe('readPactDir', () => {
  it('names files that are not pacts instead of failing on them, and skips dotfiles', () => {
    const dir = staged({
      'broken.json': '{ "consumer": ',
      'other.json': '{"hello": 1}',
      '.tracegate-pacts.json': '{"files": []}',
      'ok.json': pactJson('web', 'order-service'),
    });
    const { pacts, unreadable } = readPactDir(dir);
    expect(pacts.map((p) => p.consumer)).toEqual(['web']);
    expect(unreadable.map((u) => [u.path.slice(dir.length + 1), u.reason.split(':')[0]])).toEqual([
      ['broken.json', 'not JSON'],
      ['other.json', 'no consumer.name or provider.name'],
    ]);
  });

  it('refuses a pact that names a key twice (which value wins is up to the reader), at its line and column', () => {
    const pact = pactJson('web', 'order-service').replace('{', '{"consumer": {"name": "mobile"},');
    const { pacts, unreadable } = readPactDir(staged({ 'twice.json': pact }));
    expect(pacts).toEqual([]);
    expect(unreadable[0]?.reason).toMatch(/^not JSON: 1:\d+: invalid JSON: key "consumer" is repeated .*first at 1:2/);
  });
});
