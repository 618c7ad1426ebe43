import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PactFile, readPactDir, readPactFile } from '../pact-consumers/pact-files.ts';
import { publishWrittenPacts, readWrittenPacts } from '../pact-consumers/written-pacts.ts';
import {
  CORPUS,
  FACTS,
  facts,
  corpusFiles as files,
  knowingAll,
  rawPact as raw,
  rawList,
  readCorpusPact as read,
} from './corpus-facts-testing.ts';
import { copyPact, isMessage, knownInteractions } from './known-interactions.ts';
import type { ProviderCatalog } from './types.ts';

const knowingNothing = (pact: PactFile): ProviderCatalog => ({ provider: pact.provider, states: [], messages: [] });

let savedPluginDir: string | undefined;
beforeAll(() => {
  // No Pact plugin installed: the plugin interactions must say so, whatever this machine has in ~/.pact/plugins.
  savedPluginDir = process.env.PACT_PLUGIN_DIR;
  process.env.PACT_PLUGIN_DIR = mkdtempSync(join(tmpdir(), 'tracegate-no-plugins-'));
});
afterAll(() => {
  if (savedPluginDir === undefined) delete process.env.PACT_PLUGIN_DIR;
  else process.env.PACT_PLUGIN_DIR = savedPluginDir;
});

describe('pact corpus', () => {
  it('holds exactly the files the facts describe, from every source', () => {
    expect([...files].sort()).toEqual(Object.keys(FACTS).sort());
    expect(new Set(files.map((f) => f.split('/')[0]))).toEqual(
      new Set(['pact-broker', 'pact-jvm', 'pact-net', 'pact-plugins', 'pact-python', 'pact-reference']),
    );
  });

  describe.each(files)('%s', (file) => {
    it('is read with its parties, spec version, interactions by type and provider states', () => {
      const json = raw(file);
      const pact = read(file);
      const { spec, http, async, sync, states } = facts(file);
      expect(pact.consumer).toBe((json.consumer as { name: string }).name);
      expect(pact.provider).toBe((json.provider as { name: string }).name);
      expect(pact.specification).toBe(spec);
      expect(pact.interactions.map((i) => i.description)).toEqual(rawList(file).map((i) => i.description));
      const ofType = (type: string) => pact.interactions.filter((i) => i.type === type).length;
      expect([ofType('Synchronous/HTTP'), ofType('Asynchronous/Messages'), ofType('Synchronous/Messages')]).toEqual([
        http,
        async,
        sync,
      ]);
      expect(pact.interactions.filter(isMessage)).toHaveLength(async + sync);
      expect(pact.interactions.flatMap((i) => i.states)).toEqual(states);
    });

    it('is copied with one interaction fewer keeping every other field, and the copy reads back', () => {
      const pact = read(file);
      const { key } = facts(file);
      const path = copyPact(pact, (_, index) => index !== 0, mkdtempSync(join(tmpdir(), 'tracegate-copy-')));
      const copy = JSON.parse(readFileSync(path, 'utf8'));
      expect(copy).toEqual({ ...raw(file), [key]: rawList(file).slice(1) });
      const again = readPactFile(path) as PactFile;
      expect([again.consumer, again.provider, again.specification]).toEqual([
        pact.consumer,
        pact.provider,
        pact.specification,
      ]);
      expect(again.interactions).toEqual(pact.interactions.slice(1));
    });

    it('is split into checks naming what the verifier or the provider cannot run, and the rest', () => {
      const pact = read(file);
      const { unrunnable } = facts(file);
      const scratch = mkdtempSync(join(tmpdir(), 'tracegate-known-'));
      const all = knownInteractions(pact, knowingAll(pact), scratch);
      if (pact.interactions.length === 0) {
        expect(all.checks).toEqual([
          {
            name: `pact file ${basename(file)}`,
            status: 'skipped',
            message: `${pact.consumer} → ${pact.provider} holds no interactions: nothing to verify`,
          },
        ]);
        expect(all.path).toBeUndefined();
        return;
      }
      expect(all.checks.filter((c) => c.status === 'failed')).toHaveLength(unrunnable);
      for (const check of all.checks)
        expect(check.message).toMatch(/needs the Pact plugin "\w+"|sent over grpc|bare JSON string/);
      if (unrunnable === 0) expect(all.path).toBe(pact.path);
      else if (unrunnable === pact.interactions.length) expect(all.path).toBeUndefined();
      else
        expect(readPactFile(all.path as string)).toMatchObject({
          interactions: { length: pact.interactions.length - unrunnable },
        });

      const none = knownInteractions(pact, knowingNothing(pact), scratch);
      const honourable = pact.interactions.filter(
        (i) =>
          !isMessage(i) &&
          i.states.length === 0 &&
          !i.plugins &&
          !i.transport?.startsWith('grpc') &&
          !i.scalarJsonRequest,
      );
      expect(none.checks).toHaveLength(pact.interactions.length - honourable.length);
      const stateChecks = none.checks.filter((c) => c.message?.startsWith('unknown provider state '));
      for (const state of new Set(facts(file).states))
        expect(stateChecks.some((c) => c.message?.split(':')[0]?.includes(`"${state}"`))).toBe(true);
    });
  });

  it("survives a consumer run publishing into a folder holding all of them: other teams' pacts stay byte for byte", () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegate-corpus-dir-'));
    for (const file of files) writeFileSync(join(dir, basename(file)), readFileSync(join(CORPUS, file)));
    const staging = mkdtempSync(join(tmpdir(), 'tracegate-corpus-own-'));
    const own = { consumer: { name: 'web' }, provider: { name: 'shop' }, interactions: [] };
    writeFileSync(join(staging, 'web-shop.json'), JSON.stringify(own));
    publishWrittenPacts(readPactDir(staging).pacts, dir);
    publishWrittenPacts([], dir);
    for (const file of files) expect(readFileSync(join(dir, basename(file)))).toEqual(readFileSync(join(CORPUS, file)));
    const { pacts, unreadable } = readPactDir(dir);
    expect(unreadable).toEqual([]);
    expect(pacts.map((p) => basename(p.path)).sort()).toEqual(files.map((f) => basename(f)).sort());
    expect(readWrittenPacts(dir)).toEqual([]);
  });
});
