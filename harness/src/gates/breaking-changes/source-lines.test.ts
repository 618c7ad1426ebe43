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
