import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../platform/errors.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

describe('order cursor', () => {
  it('round-trips', () => {
    const cursor = { createdAt: new Date('2026-11-20T10:00:00.123Z'), id: '0f8fad5b-d9cb-469f-a165-70867728950e' };
    const encoded = encodeCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(encoded)).toEqual(cursor);
  });

  it.each([
    ['not base64 JSON', 'abc'],
    ['JSON of the wrong shape', Buffer.from('{"x":1}').toString('base64url')],
    ['a bad date', Buffer.from('{"t":"nope","i":"0f8fad5b-d9cb-469f-a165-70867728950e"}').toString('base64url')],
    ['a non-uuid id', Buffer.from('{"t":"2026-11-20T10:00:00.000Z","i":"1 OR 1=1"}').toString('base64url')],
  ])('rejects %s on /query/cursor', (_name, raw) => {
    expect(() => decodeCursor(raw)).toThrowError(ValidationError);
    try {
      decodeCursor(raw);
    } catch (error) {
      expect((error as ValidationError).fields).toEqual([
        { field: '/query/cursor', message: 'is not a cursor returned by this API' },
      ]);
    }
  });
});
