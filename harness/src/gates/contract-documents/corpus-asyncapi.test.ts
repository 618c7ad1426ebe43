import { describe, expect, it } from 'vitest';
import { corpusDocuments, expectCorpusDocument } from './corpus-testing.ts';

// AsyncAPI 2.x and 3.0 documents written by others, with JSON Schema, OpenAPI 3.0 and Avro payloads.
const documents = corpusDocuments('asyncapi').filter((path) => !path.includes('/spec-3.1.0/'));
const dialects = new Map<string, number>();

describe('contract-documents over the AsyncAPI 2.x / 3.0 corpus', () => {
  it('has the documents', () => {
    expect(corpusDocuments('asyncapi').length).toBeGreaterThanOrEqual(40);
  });

  it.each(documents)('%s: valid, every example checked, no crash', async (path) => {
    const result = await expectCorpusDocument('asyncapi', path);
    for (const dialect of result.dialects.flatMap((d) => Object.keys(d)))
      dialects.set(dialect, (dialects.get(dialect) ?? 0) + 1);
  });

  it('compiled each schema dialect these documents use by its own rules', () => {
    expect(Object.fromEntries(dialects)).toMatchObject({
      asyncapi: expect.any(Number),
      'draft-07': expect.any(Number),
      'openapi-3.0': 1,
      avro: expect.any(Number),
    });
    expect(dialects.get('avro')).toBeGreaterThanOrEqual(2);
  });
});
