import { describe, expect, it } from 'vitest';
import { diffSchema } from './schema-diff.ts';
import type { Direction, LocatedChange } from './types.ts';

/** Each change as rule, path and whether it is an error (breaking). */
function diff(
  direction: Direction,
  before: unknown,
  after: unknown,
): { rule: string; path: string; breaking: boolean }[] {
  const changes: LocatedChange[] = [];
  const none = () => undefined;
  diffSchema({ before: none, after: none, direction, rulePrefix: 'x', changes }, before, after, '');
  return changes.map(({ rule, path, severity }) => ({ rule, path, breaking: severity === 'error' }));
}

const obj = (properties: Record<string, unknown>, required: string[] = [], extra: object = {}) => ({
  type: 'object',
  properties,
  required,
  ...extra,
});
const str = { type: 'string' };
const int = { type: 'integer' };

describe('diffSchema', () => {
  it.each<[string, Direction, unknown, unknown, { rule: string; path: string; breaking: boolean }[]]>([
    [
      'removed field, read by others',
      'read-by-others',
      obj({ a: str, b: str }),
      obj({ a: str }),
      [{ rule: 'x-property-removed', path: '/b', breaking: true }],
    ],
    [
      'removed field, written by others',
      'written-by-others',
      obj({ a: str, b: str }),
      obj({ a: str }),
      [{ rule: 'x-property-removed', path: '/b', breaking: false }],
    ],
    [
      'removed field when extra ones are rejected',
      'written-by-others',
      obj({ a: str, b: str }, [], { additionalProperties: false }),
      obj({ a: str }, [], { additionalProperties: false }),
      [{ rule: 'x-property-removed', path: '/b', breaking: true }],
    ],
    [
      'new required field, written by others',
      'written-by-others',
      obj({ a: str }),
      obj({ a: str, b: str }, ['b']),
      [{ rule: 'x-new-required-property', path: '/b', breaking: true }],
    ],
    [
      'new required field, read by others',
      'read-by-others',
      obj({ a: str }),
      obj({ a: str, b: str }, ['b']),
      [{ rule: 'x-property-added', path: '/b', breaking: false }],
    ],
    [
      'field became optional, read by others',
      'read-by-others',
      obj({ a: str }, ['a']),
      obj({ a: str }),
      [{ rule: 'x-property-became-optional', path: '/a', breaking: true }],
    ],
    [
      'field became required, written by others',
      'written-by-others',
      obj({ a: str }),
      obj({ a: str }, ['a']),
      [{ rule: 'x-property-became-required', path: '/a', breaking: true }],
    ],
    [
      'retyped field, read by others',
      'read-by-others',
      obj({ a: int }),
      obj({ a: str }),
      [{ rule: 'x-type-changed', path: '/a', breaking: true }],
    ],
    [
      'retyped field, written by others',
      'written-by-others',
      obj({ a: int }),
      obj({ a: str }),
      [{ rule: 'x-type-narrowed', path: '/a', breaking: true }],
    ],
    [
      'integer widened to number, written by others',
      'written-by-others',
      int,
      { type: 'number' },
      [{ rule: 'x-type-widened', path: '', breaking: false }],
    ],
    [
      'nullable added, read by others',
      'read-by-others',
      str,
      { type: ['string', 'null'] },
      [{ rule: 'x-type-changed', path: '', breaking: true }],
    ],
    [
      'enum narrowed, written by others',
      'written-by-others',
      { enum: ['a', 'b'] },
      { enum: ['a'] },
      [{ rule: 'x-enum-value-removed', path: '', breaking: true }],
    ],
    ['enum narrowed, read by others', 'read-by-others', { enum: ['a', 'b'] }, { enum: ['a'] }, []],
    [
      'enum value added, read by others',
      'read-by-others',
      { enum: ['a'] },
      { enum: ['a', 'b'] },
      [{ rule: 'x-enum-value-added', path: '', breaking: false }],
    ],
    [
      'const changed, read by others',
      'read-by-others',
      { const: 'a' },
      { const: 'b' },
      [{ rule: 'x-enum-value-changed', path: '', breaking: true }],
    ],
    [
      'maximum lowered, written by others',
      'written-by-others',
      { type: 'integer', maximum: 10 },
      { type: 'integer', maximum: 5 },
      [{ rule: 'x-maximum-narrowed', path: '', breaking: true }],
    ],
    [
      'maxLength raised, written by others',
      'written-by-others',
      { type: 'string', maxLength: 5 },
      { type: 'string', maxLength: 10 },
      [{ rule: 'x-maxLength-widened', path: '', breaking: false }],
    ],
    [
      'pattern added, written by others',
      'written-by-others',
      str,
      { type: 'string', pattern: '^a$' },
      [{ rule: 'x-pattern-changed', path: '', breaking: true }],
    ],
    [
      'array item retyped',
      'read-by-others',
      { type: 'array', items: int },
      { type: 'array', items: str },
      [{ rule: 'x-type-changed', path: '/[]', breaking: true }],
    ],
    [
      'field declared by an allOf part removed',
      'read-by-others',
      { allOf: [obj({ a: str }), obj({ b: str })] },
      { allOf: [obj({ a: str })] },
      [{ rule: 'x-property-removed', path: '/b', breaking: true }],
    ],
    ['identical schemas', 'read-by-others', obj({ a: str }, ['a']), obj({ a: str }, ['a']), []],
  ])('%s', (_name, direction, before, after, expected) => {
    expect(diff(direction, before, after)).toEqual(expected);
  });

  it('follows $refs and stops at recursive ones', () => {
    const doc = { node: obj({ child: { $ref: '#/node' }, name: str }) };
    const resolve = (ref: string) => (ref === '#/node' ? doc.node : undefined);
    const changes: LocatedChange[] = [];
    const ctx = { before: resolve, after: resolve, direction: 'read-by-others' as const, rulePrefix: 'x', changes };
    diffSchema(ctx, { $ref: '#/node' }, { $ref: '#/node' }, '');
    expect(changes).toEqual([]);
  });
});
