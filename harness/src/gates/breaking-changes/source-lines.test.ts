import { describe, expect, it } from 'vitest';
import { sourceLines } from './source-lines.ts';

const text = [
  'openapi: 3.1.0',
  'paths:',
  '  /orders:',
  '    get:',
  '      parameters:',
  '        - name: limit',
  '          in: query',
  '',
].join('\n');

describe('sourceLines', () => {
  it.each([
    ['/paths/~1orders/get', 4],
    ['/paths/~1orders/get/parameters/0/in', 7],
    ['/paths/~1orders/post', 3],
    ['/nowhere', 1],
  ])('places %s on line %i (nearest ancestor when missing)', (pointer, line) => {
    expect(sourceLines('openapi.yaml', text).lineOf(pointer)).toBe(line);
  });

  it('tells whether a pointer exists', () => {
    const lines = sourceLines('openapi.yaml', text);
    expect([lines.has('/paths/~1orders/get'), lines.has('/paths/~1orders/post')]).toEqual([true, false]);
  });
});

const json = JSON.stringify(
  { openapi: '3.1.0', paths: { '/orders': { get: { parameters: [{ name: 'limit', in: 'query' }] } } } },
  null,
  2,
);

describe('sourceLines of JSON text, scanned for the pointers asked', () => {
  it.each([
    ['/paths/~1orders/get', 5],
    ['/paths/~1orders/get/parameters/0', 7],
    ['/paths/~1orders/get/parameters/0/in', 9],
    ['/paths/~1orders/post', 4],
    ['/paths/~1orders/get/parameters/1', 6],
    ['', 1],
  ])('places %s on line %i (nearest ancestor when missing)', (pointer, line) => {
    expect(sourceLines('openapi.json', json, [pointer]).lineOf(pointer)).toBe(line);
    expect(sourceLines('openapi.json', json).lineOf(pointer)).toBe(line);
  });

  it('answers pointers beyond those asked, and tells whether each exists', () => {
    const lines = sourceLines('openapi.json', json, ['/paths/~1orders/get']);
    expect([lines.has('/paths/~1orders/get'), lines.has('/paths/~1orders/post'), lines.has('/openapi')]).toEqual([
      true,
      false,
      true,
    ]);
    expect([lines.lineOf('/openapi'), lines.lineOf('/paths/~1orders/get')]).toEqual([2, 5]);
  });

  it('reads keys as JSON does (escapes) and places minified JSON on line 1, beside a multi-line value', () => {
    const text = '{"paths":{"\\u002Forders":{"get":{}}},\n"x":[1,\n{"a":[]}]}';
    const lines = sourceLines('min.json', text, ['/paths/~1orders/get', '/x/1/a']);
    expect([lines.lineOf('/paths/~1orders/get'), lines.lineOf('/x/1/a'), lines.has('/x/1/a')]).toEqual([1, 3, true]);
  });
});
