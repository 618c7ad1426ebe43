import { describe, expect, it } from 'vitest';
import { scanningRegExp, scanSteps } from './pattern-scan.ts';

const SCANNED = [
  '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
  '^[A-Za-z0-9._:-]{1,128}$',
  '^[A-Z]{3}$',
  '^[0-9]+$',
  '^[A-Za-z0-9._-]{1,64}$',
  '^v[0-9]+\\.[0-9]+$',
  '^ab?c$',
  '^[a-z]{2,}-[0-9]*$',
  '^$',
];
const NOT_SCANNED = [
  '^[^\\x00]*$',
  '[0-9]+',
  '^(a|b)$',
  '^[a-z]*[a-z0-9]$',
  '^[a-z]*[0-9]?$',
  '^.+$',
  '^\\d+$',
  '^a+?$',
];

// Each value with every position replaced by each of these, cut short and lengthened.
const REPLACEMENTS = [...'0189afgzAFZ', '.', '-', '_', ':', ' ', '\n', 'é', '😀', '٣'];

function variants(seed: string): string[] {
  const out = [seed, '', `${seed}${seed}`, `${seed}0`, `0${seed}`, `${seed}\n`];
  for (let i = 0; i < seed.length; i += 1) {
    out.push(seed.slice(0, i), seed.slice(0, i) + seed.slice(i + 1));
    for (const r of REPLACEMENTS) out.push(seed.slice(0, i) + r + seed.slice(i + 1));
  }
  return out;
}

const SEEDS: Record<string, string[]> = {
  '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$': ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
  '^[A-Za-z0-9._:-]{1,128}$': ['req-7f3a', 'a'.repeat(128), 'x:y.z_1'],
  '^[A-Z]{3}$': ['EUR'],
  '^[0-9]+$': ['42', '0'],
  '^[A-Za-z0-9._-]{1,64}$': ['BOOK-1', 'b'.repeat(64)],
  '^v[0-9]+\\.[0-9]+$': ['v1.20'],
  '^ab?c$': ['abc', 'ac'],
  '^[a-z]{2,}-[0-9]*$': ['ab-', 'abc-12'],
  '^$': ['x'],
};

describe('scanningRegExp', () => {
  it.each(SCANNED)('%s is scanned, with the verdicts of its RegExp', (pattern) => {
    expect(scanSteps(pattern)).toBeDefined();
    const scanned = scanningRegExp(pattern, 'u');
    const regExp = new RegExp(pattern, 'u');
    const values = (SEEDS[pattern] ?? []).flatMap(variants);
    expect(values.filter((value) => scanned.test(value) !== regExp.test(value))).toEqual([]);
    expect(new Set(values.map((value) => scanned.test(value)))).toEqual(new Set([true, false]));
  });

  it.each(NOT_SCANNED)('%s stays a RegExp', (pattern) => {
    expect(scanSteps(pattern)).toBeUndefined();
    expect(scanningRegExp(pattern, 'u')).toBeInstanceOf(RegExp);
  });

  it('rejects a pattern its RegExp rejects', () => {
    expect(() => scanningRegExp('^a{2,1}$', 'u')).toThrow(SyntaxError);
    expect(() => scanningRegExp('^[a-z$', 'u')).toThrow(SyntaxError);
  });
});
