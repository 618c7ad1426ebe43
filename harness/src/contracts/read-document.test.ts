import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DocumentSyntaxError } from './json-text.ts';
import { parseDocumentText } from './read-document.ts';

const corpus = (file: string) => new URL(`../../../fixtures/corpus/${file}`, import.meta.url);

function errorOf(run: () => unknown): DocumentSyntaxError {
  try {
    run();
  } catch (error) {
    if (error instanceof DocumentSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a DocumentSyntaxError');
}

describe('parseDocumentText', () => {
  it('reads a published JSON document as the YAML parser would, value for value', () => {
    const text = readFileSync(corpus('openapi/apis-guru/apideck.com-vault.json'), 'utf8');
    expect(parseDocumentText(text, 'vault.json')).toEqual(parse(text));
  });

  it('reads YAML, JSON text in a .yaml file, and YAML where the name says nothing', () => {
    const expected = { openapi: '3.1.0', paths: {} };
    expect(parseDocumentText('openapi: 3.1.0\npaths: {}\n', 'a.yaml')).toEqual(expected);
    expect(parseDocumentText('{ "openapi": "3.1.0", "paths": {} }', 'a.yml')).toEqual(expected);
    expect(parseDocumentText('openapi: 3.1.0\npaths: {}\n', 'git:v1:contract')).toEqual(expected);
    expect(parseDocumentText('\uFEFF{ "openapi": "3.1.0", "paths": {} }', 'bom.json')).toEqual(expected);
  });

  it('keeps reading JSON-shaped YAML (a trailing comma) in a .yaml file', () => {
    expect(parseDocumentText('{ "openapi": "3.1.0", "paths": {}, }', 'a.yaml')).toEqual({
      openapi: '3.1.0',
      paths: {},
    });
  });

  it('refuses a trailing comma in a .json file: no YAML fallback', () => {
    expect(() =>
      parseDocumentText('{ "openapi": "3.1.0", "paths": {}, }', 'a.json'),
    ).toThrowErrorMatchingInlineSnapshot(`
        [DocumentSyntaxError: a.json:1:34: invalid JSON: trailing comma before "}" (JSON allows none)
          { "openapi": "3.1.0", "paths": {}, }
                                           ^]
      `);
  });

  it('names the key written twice and both its positions', () => {
    const text = '{\n  "openapi": "3.1.0",\n  "paths": {},\n  "openapi": "3.0.3"\n}\n';
    const error = errorOf(() => parseDocumentText(text, 'dup.json'));
    expect(error.problem).toBe('duplicate-key');
    expect(error.position).toEqual({ line: 4, column: 3 });
    expect(error.message).toMatchInlineSnapshot(`
      "dup.json:4:3: invalid JSON: key "openapi" is repeated in one object (first at 2:3); JSON readers disagree on which value wins
          "openapi": "3.0.3"
          ^"
    `);
  });

  it('refuses a repeated key in JSON text whatever the file is called, as the YAML reader does', () => {
    expect(() => parseDocumentText('{"a": {"b": 1, "b": 2}}', 'doc.yaml')).toThrow(/^doc\.yaml:1:16: .*key "b"/);
    expect(() => parseDocumentText('a: 1\na: 2\n', 'doc.yaml')).toThrow(/not valid YAML\/JSON: .*a: 2/s);
    expect(parseDocumentText('{"a": {"b": 1}, "c": {"b": 2}}', 'doc.json')).toEqual({ a: { b: 1 }, c: { b: 2 } });
  });

  it('places an error in minified JSON at line 1 and its column, quoting only the text around it', () => {
    const filler = Array.from({ length: 2000 }, (_, i) => `"k${i}":${i}`).join(',');
    const text = `{${filler},"broken" 1,${filler.replaceAll('"k', '"m')}}`;
    const error = errorOf(() => parseDocumentText(text, 'min.json'));
    const column = text.indexOf('"broken"') + 10;
    expect(error.position).toEqual({ line: 1, column });
    expect(error.reason).toBe('invalid JSON: expected ":" after the property name');
    const [, excerpt, caret] = error.message.split('\n');
    expect(excerpt).toBe('  …1997,"k1998":1998,"k1999":1999,"broken" 1,"m0":0,"m1":1,"m2":2,"m3":3,"m4":4,"m5…');
    expect(caret?.indexOf('^')).toBe((excerpt ?? '').indexOf(' 1,"m0"') + 1);
  });

  it('places an error in JSON-shaped text of a .yaml file in JSON terms when YAML cannot read it either', () => {
    expect(() => parseDocumentText('{"a": [1, 2}', 'doc.yaml')).toThrow(/^doc\.yaml:1:12: invalid JSON: /);
  });
});
