import { describe, expect, it } from 'vitest';
import { checkOpenApiExamples } from './openapi-examples.ts';

const info = { title: 'records', version: '1.0.0' };

/** Examples that pass and fail, each at its pointer, with their error lines. */
function outcome(document: unknown): Record<string, string[]> {
  return Object.fromEntries(checkOpenApiExamples(document).results.map((r) => [r.example.at, r.errors]));
}

describe('checkOpenApiExamples', () => {
  // GitHub's REST description: 3,399 examples, most of them answers whose schema is `$ref: #/components/schemas/…`.
  it('compiles one validator per schema, shared by every example that reaches it through bare $refs', () => {
    const answer = (example: unknown) => ({
      content: {
        'application/json': { schema: { $ref: '#/components/schemas/Alias' }, examples: { a: { value: example } } },
      },
    });
    const document = {
      openapi: '3.1.0',
      info,
      paths: {
        '/a': { get: { responses: { 200: answer({ id: 1 }) } } },
        '/b': { get: { responses: { 200: answer({ id: 'x' }), 404: answer({}) } } },
        '/c': {
          get: { responses: { 200: { content: { 'application/json': { schema: { type: 'string' }, example: 3 } } } } },
        },
      },
      components: {
        schemas: {
          Alias: { $ref: '#/components/schemas/Record' },
          Record: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } },
        },
      },
    };
    const { results, validators } = checkOpenApiExamples(document);
    expect(results.map((r) => r.errors)).toEqual([
      [],
      ['example/id must be integer'],
      ["example must have required property 'id'"],
      ['example must be string'],
    ]);
    expect(validators).toBe(2);
  });

  // Real 3.0 documents name path parameters, schemas and properties `id` (apideck.com's Vault API does).
  it('checks 3.0 examples whose schemas are reached through components or properties named `id`', () => {
    const document = {
      openapi: '3.0.3',
      info,
      paths: {},
      components: {
        parameters: {
          id: { name: 'id', in: 'path', required: true, schema: { type: 'string' }, example: 'rec_1' },
          limit: { name: 'limit', in: 'query', schema: { $ref: '#/components/schemas/id' }, example: 'ten' },
        },
        schemas: {
          id: { type: 'integer' },
          Record: { type: 'object', properties: { id: { type: 'string', example: 7 } } },
        },
      },
    };
    expect(outcome(document)).toEqual({
      '/components/parameters/id/example': [],
      '/components/parameters/limit/example': ['example must be integer'],
    });
  });

  // Xero's Files API (APIs-guru) and readme's request-examples write `example: "{ \"Name\": … }"` for JSON bodies.
  it('says when an example is JSON text where the schema wants the value', () => {
    const body = (example: unknown) => ({
      content: { 'application/json': { schema: { type: 'object', required: ['Name'] }, example } },
    });
    const document = {
      openapi: '3.0.0',
      info,
      paths: {
        '/files': { post: { requestBody: body('{ "Name": "a.jpg" }'), responses: { 201: body('{ "Id": 1 }') } } },
      },
    };
    expect(outcome(document)).toEqual({
      '/paths/~1files/post/requestBody/content/application~1json/example': [
        'example must be object',
        'the example is a string holding JSON that matches the schema: write the value, not its text',
      ],
      '/paths/~1files/post/responses/201/content/application~1json/example': ['example must be object'],
    });
  });

  it('notes unknown formats of schemas only, not a `format` field of an extension', () => {
    const document = {
      openapi: '3.0.0',
      info: { ...info, 'x-origin': [{ format: 'openapi', url: 'https://example.com/api.yaml', version: '3.0' }] },
      paths: {},
      components: { schemas: { Created: { type: 'integer', format: 'unix-time', example: 1615563533 } } },
    };
    expect(checkOpenApiExamples(document).notices).toEqual([
      'format "unix-time" is not known: treated as an annotation (not checked)',
    ]);
  });

  // Codat's 3.1 APIs (APIs-guru) keep 3.0's `nullable: true` beside `allOf`/`$ref`, with no `type`.
  it('checks 3.1 examples whose schemas keep a `nullable` without `type`', () => {
    const document = {
      openapi: '3.1.0',
      info,
      paths: {},
      components: {
        schemas: {
          Id: { type: 'string', format: 'uuid' },
          Account: {
            type: 'object',
            properties: {
              id: { nullable: true, allOf: [{ $ref: '#/components/schemas/Id' }] },
              nullable: { type: 'boolean' },
            },
            examples: [
              { id: '1d0e1b8e-6a43-4d53-9d1b-3f1c1a7c2f10', nullable: true },
              { id: 'acc-1', nullable: 'no' },
            ],
          },
        },
      },
    };
    expect(outcome(document)).toEqual({
      '/components/schemas/Account/examples/0': [],
      '/components/schemas/Account/examples/1': [
        'example/id must match format "uuid"',
        'example/nullable must be boolean',
      ],
    });
  });

  it('names the example itself when the whole value has the wrong type', () => {
    const document = {
      openapi: '3.1.0',
      info,
      paths: {
        '/markdown': {
          post: {
            requestBody: { content: { 'text/plain': { schema: { type: 'string' }, example: { text: 'Hello' } } } },
            responses: {},
          },
        },
      },
    };
    expect(outcome(document)).toEqual({
      '/paths/~1markdown/post/requestBody/content/text~1plain/example': ['example must be string'],
    });
  });
});
