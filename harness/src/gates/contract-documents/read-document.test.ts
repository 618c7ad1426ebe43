import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CORPUS } from './corpus-testing.ts';
import { parseDocumentText } from './read-document.ts';

describe('parseDocumentText', () => {
  it('reads a published JSON document as the YAML parser would, value for value', () => {
    const text = readFileSync(join(CORPUS, 'openapi/apis-guru/apideck.com-vault.json'), 'utf8');
    expect(parseDocumentText(text, 'vault.json')).toEqual(parse(text));
  });

  it('still reads JSON that only YAML accepts (a trailing comma) and YAML itself', () => {
    expect(parseDocumentText('{ "openapi": "3.1.0", "paths": {}, }', 'a.json')).toEqual({
      openapi: '3.1.0',
      paths: {},
    });
    expect(parseDocumentText('openapi: 3.1.0\npaths: {}\n', 'a.yaml')).toEqual({ openapi: '3.1.0', paths: {} });
  });

  it('names the file and the position of a syntax error', () => {
    expect(() => parseDocumentText('{ "openapi": "3.1.0", "paths": { }', 'broken.json')).toThrow(
      /^broken\.json: not valid YAML\/JSON: .*line 1/s,
    );
  });
});
