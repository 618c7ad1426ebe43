import type { FormatDefinition } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { createContractAjv } from './ajv-factory.ts';
import { fastFormatDefinitions } from './fast-formats.ts';

const reference = addFormatsModule as unknown as { get(name: string): FormatDefinition<string> | RegExp };

function referenceCheck(name: string): (value: string) => boolean {
  const definition = reference.get(name);
  if (definition instanceof RegExp) return (value) => definition.test(value);
  const validate = typeof definition.validate === 'string' ? new RegExp(definition.validate) : definition.validate;
  return typeof validate === 'function' ? (value) => validate(value) as boolean : (value) => validate.test(value);
}

const SEEDS = {
  'date-time': [
    '2026-11-20T10:15:30.000Z',
    '2026-11-20t10:15:30z',
    '2026-11-20T10:15:30.5Z',
    '2024-02-29T23:59:59+05:30',
    '1990-12-31T23:59:60Z',
    '1990-12-31T15:59:60-08:00',
    '2026-11-20 10:15:30.123456789-00:00',
    '2026-11-20T10:15:30+0530',
  ],
  date: ['2026-11-20', '2024-02-29', '2023-02-29', '2000-02-29', '1900-02-29', '2026-04-31'],
} as const;

// Every seed with each position replaced by each of these, cut short, and lengthened: valid and invalid spellings.
const REPLACEMENTS = [
  ...'0123456789',
  'a',
  'f',
  'g',
  'A',
  'F',
  'T',
  't',
  'Z',
  'z',
  ' ',
  '\u2003',
  '-',
  ':',
  '.',
  '+',
  '٣',
];

function variants(seed: string): string[] {
  const out = [seed, '', `${seed}Z`, `${seed}0`, ` ${seed}`];
  for (let i = 0; i < seed.length; i += 1) {
    out.push(seed.slice(0, i), seed.slice(0, i) + seed.slice(i + 1));
    for (const r of REPLACEMENTS) out.push(seed.slice(0, i) + r + seed.slice(i + 1));
  }
  return out;
}

describe('fast formats', () => {
  const fast = fastFormatDefinitions();

  it.each(Object.keys(SEEDS) as (keyof typeof SEEDS)[])('%s gives ajv-formats’ verdict on every variant', (name) => {
    const check = fast[name].validate as (value: string) => boolean;
    const expected = referenceCheck(name);
    const values = SEEDS[name].flatMap(variants);
    const disagreements = values.filter((value) => check(value) !== expected(value));
    expect(disagreements).toEqual([]);
    // Both verdicts occur: the table exercises the accepting and the rejecting paths.
    expect(new Set(values.map(check))).toEqual(new Set([true, false]));
  });

  it('replaces the formats of a contract ajv and keeps their comparison (formatMinimum)', () => {
    const ajv = createContractAjv({ dialect: '2020-12' });
    const validate = ajv.compile({ type: 'string', format: 'date-time', formatMinimum: '2026-01-01T00:00:00Z' });
    expect([
      validate('2026-11-20T10:15:30Z'),
      validate('2025-11-20T10:15:30Z'),
      validate('2026-02-30T10:15:30Z'),
    ]).toEqual([true, false, false]);
  });
});
