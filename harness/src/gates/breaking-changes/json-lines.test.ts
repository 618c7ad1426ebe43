import { describe, expect, it } from 'vitest';
import { deepestLine, jsonPointerLines } from './json-lines.ts';

const text = ['{', '  "a": [', '    [1, 2],', '    {"b": null,', '     "c": {}}', '  ],', '  "d": "e"', '}'].join('\n');

describe('jsonPointerLines', () => {
  it.each([
    [['a'], { line: 2, depth: 1 }],
    [['a', '0'], { line: 3, depth: 2 }],
    [['a', '0', '1'], { line: 3, depth: 3 }],
    [['a', '1', 'c'], { line: 5, depth: 3 }],
    [['a', '1', 'z'], { line: 4, depth: 2 }],
    [['a', '2'], { line: 2, depth: 1 }],
    [['d'], { line: 7, depth: 1 }],
    [[], { line: 1, depth: 0 }],
  ])('finds %j at %j (its deepest existing ancestor when missing)', (parts, expected) => {
    expect(deepestLine(jsonPointerLines(text, [parts]), parts)).toEqual(expected);
  });

  it('records only what was asked: a pointer not asked for is not found', () => {
    const lines = jsonPointerLines(text, [['a', '1']]);
    expect([deepestLine(lines, ['a', '1']), deepestLine(lines, ['d'])]).toEqual([
      { line: 4, depth: 2 },
      { line: 1, depth: 0 },
    ]);
  });
});
