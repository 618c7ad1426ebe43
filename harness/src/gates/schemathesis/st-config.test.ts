import { describe, expect, it } from 'vitest';
import { DEFAULT_EDGE_VALUES, numericParameters, schemathesisToml } from './st-config.ts';

const document = {
  paths: {
    '/orders': {
      parameters: [{ $ref: '#/components/parameters/Page' }],
      get: {
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer' } },
          { name: 'status', in: 'query', schema: { type: 'string' } },
          { name: 'X-Ratio', in: 'header', schema: { $ref: '#/components/schemas/Ratio' } },
        ],
      },
    },
  },
  components: {
    parameters: { Page: { name: 'page', in: 'query', schema: { type: ['integer', 'null'] } } },
    schemas: { Ratio: { type: 'number' } },
  },
};

describe('schemathesisToml', () => {
  it('finds integer and number parameters through $refs, at path and operation level', () => {
    expect(numericParameters(document)).toEqual(['header.X-Ratio', 'query.limit', 'query.page']);
  });

  it('binds the edge values to each of them', () => {
    const toml = schemathesisToml({ document, edgeValues: DEFAULT_EDGE_VALUES, probability: 0.3 });
    expect(toml.text).toContain('values = ["Infinity", "-Infinity", "NaN", "1e309", "-1e309"]');
    expect(toml.text).toContain('"query.limit" = { dictionary = "tracegate-numeric-edge", probability = 0.3 }');
    expect(toml.text).toContain('[cache]\nenabled = false');
    const off = schemathesisToml({ document, edgeValues: [], probability: 0.3 });
    expect([off.bound, off.text.includes('dictionaries')]).toEqual([[], false]);
  });
});
