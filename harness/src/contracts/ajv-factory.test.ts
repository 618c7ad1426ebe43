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

  it.each(['draft-04', 'draft-07', '2020-12'] as const)(
    '%s: compiles a pattern unicode mode rejects (an identity escape) as ECMA-262 without the flag',
    (dialect) => {
      const validate = createContractAjv({ dialect }).compile({ type: 'string', pattern: '^[a-zA-Z0-9_\\-\\:]+$' });
      expect(validate('env:prod')).toBe(true);
      expect(validate('env prod')).toBe(false);
    },
  );

  it('keeps the unicode flag where the pattern allows it, and refuses a pattern no mode accepts', () => {
    const ajv = createContractAjv();
    expect(ajv.compile({ type: 'string', pattern: '^\\p{Lu}+$' })('ÄB')).toBe(true);
    expect(() => ajv.compile({ type: 'string', pattern: '^[a-z' })).toThrow(/Invalid regular expression/);
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
