import { describe, it } from 'vitest';
import { corpusDocuments, expectCorpusDocument } from './corpus-testing.ts';

// AsyncAPI 3.1 documents of the specification repository (fixtures/corpus/SOURCES.md); the older ones have their own
// file so the two run in parallel.
const documents = corpusDocuments('asyncapi').filter((path) => path.includes('/spec-3.1.0/'));

describe('contract-documents over the AsyncAPI 3.1 corpus', () => {
  it('has the 3.1 documents', ({ expect }) => {
    expect(documents.length).toBeGreaterThanOrEqual(24);
  });

  it.each(documents)('%s: valid, every example checked, no crash', async (path) => {
    await expectCorpusDocument('asyncapi', path);
  });
});
