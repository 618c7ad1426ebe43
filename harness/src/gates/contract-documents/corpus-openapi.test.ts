import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDocument } from '../../contracts/read-document.ts';
import { schemathesisGate } from '../schemathesis/gate.ts';
import { CORPUS, corpusDocuments, expectCorpusDocument } from './corpus-testing.ts';
import { gateContext } from './testing.ts';

// OpenAPI 3.0 and 3.1 documents written by others (fixtures/corpus/SOURCES.md).
const documents = corpusDocuments('openapi');

describe('contract-documents over the OpenAPI corpus', () => {
  it('has at least 20 documents, of both versions', () => {
    expect(documents.length).toBeGreaterThanOrEqual(20);
    const versions = documents.map((path) => String(readDocument(resolve(CORPUS, path)).openapi).slice(0, 3));
    expect(new Set(versions)).toEqual(new Set(['3.0', '3.1']));
    // JSON too, minified as API directories publish it.
    expect(documents.filter((path) => path.endsWith('.json')).length).toBeGreaterThanOrEqual(1);
  });

  it.each(documents)('%s: valid, every example checked, no crash', async (path) => {
    await expectCorpusDocument('openapi', path);
  });

  it.each(documents)('%s: the Schemathesis gate takes it as its contract', (path) => {
    const { loaded } = gateContext({ config: { contracts: { openapi: { path } } }, dir: CORPUS });
    expect(schemathesisGate.applies(loaded)).toEqual({ ok: true });
    // The gate hands `st run` the document at this path, resolved from the config's directory.
    const document = readDocument(resolve(loaded.dir, loaded.config.contracts?.openapi?.path ?? ''));
    expect(String(document.openapi)).toMatch(/^3\.[01]\./);
  });
});
