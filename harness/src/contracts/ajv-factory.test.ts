import { describe, expect, it } from 'vitest';
import { createContractAjv, registerUnknownFormats } from './ajv-factory.ts';

describe('createContractAjv', () => {
  it.each(['draft-04', 'draft-07', '2020-12'] as const)('%s: notes a typo keyword, not an x- extension', (dialect) => {
    const notices: string[] = [];
    const ajv = createContractAjv({ dialect, notice: (text) => notices.push(text) });
    const validate = ajv.compile({
      type: 'object',
      'x-go-type': 'Pet',
      'x-value.subject.name.strategy': 'TopicNameStrategy',
      required: ['name'],
      properties: { name: { type: 'string', minLenght: 3, 'x-faker': 'name.firstName' } },
    });
    expect(validate({ name: 'Rex' })).toBe(true);
    expect(validate({})).toBe(false);
    // ajv may note a keyword more than once per compile; callers keep each note once.
    expect([...new Set(notices)]).toEqual(['strict mode: unknown keyword: "minLenght"']);
  });
});

describe('registerUnknownFormats', () => {
  it('registers every unknown format and reports those a schema names, not those inside extensions or values', () => {
    const ajv = createContractAjv();
    const schema = {
      type: 'object',
      'x-origin': [{ format: 'openapi' }],
      properties: { 'x-trace': { type: 'string', format: 'w3c-traceparent' } },
      examples: [{ format: 'example-only' }],
    };
    expect(registerUnknownFormats(ajv, schema)).toEqual(['w3c-traceparent']);
    expect(ajv.compile(schema)({ 'x-trace': 'anything' })).toBe(true);
  });
});
