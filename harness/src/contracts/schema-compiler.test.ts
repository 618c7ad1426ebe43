import { describe, expect, it } from 'vitest';
import { createSchemaCompiler } from './schema-compiler.ts';

describe('createSchemaCompiler', () => {
  it.each([
    ['asyncapi', undefined],
    ['openapi-3.0', 'application/vnd.oai.openapi;version=3.0.0'],
  ])('%s: keeps x- keys of values (const, enum) while extensions stay silent', (_, schemaFormat) => {
    const compiler = createSchemaCompiler();
    const compiled = compiler.compile({
      schema: {
        type: 'object',
        'x-parser-schema-id': 'Envelope',
        properties: {
          headers: { const: { 'x-api-version': '2' } },
          kind: { enum: [{ 'x-kind': 'a' }], 'x-enum-varnames': ['A'] },
        },
      },
      ...(schemaFormat ? { schemaFormat } : {}),
      pointer: '/components/schemas/Envelope',
    });
    if (compiled.status !== 'compiled') throw new Error(`not compiled: ${JSON.stringify(compiled)}`);
    expect(compiled.check({ headers: { 'x-api-version': '2' }, kind: { 'x-kind': 'a' } }, 'payload')).toEqual([]);
    expect(compiled.check({ headers: {}, kind: {} }, 'payload')).toEqual([
      'payload/headers must be equal to constant: {"x-api-version":"2"}',
      'payload/kind must be equal to one of the allowed values: [{"x-kind":"a"}]',
    ]);
    expect(compiler.notices()).toEqual([]);
  });
});
