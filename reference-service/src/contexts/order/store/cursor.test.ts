import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../platform/errors.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

describe('order cursor', () => {
  it('round-trips', () => {
    const cursor = { createdAt: new Date('2026-11-20T10:00:00.123Z'), id: '0f8fad5b-d9cb-469f-a165-70867728950e' };
    const encoded = encodeCursor(cursor);
    expect(encoded).toBe('1795168800123_0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(decodeCursor(encoded)).toEqual(cursor);
  });

  it.each([
    ['an old base64 cursor', 'eyJ0IjoiMjAyNiJ9'],
    ['a missing id', '1795514400123_'],
    ['an upper-case id', '1795514400123_0F8FAD5B-D9CB-469F-A165-70867728950E'],
    ['an injection attempt', '1_1 OR 1=1'],
    // 14 digits keep every cursor within four-digit years, which every database can store.
    ['a timestamp with too many digits', '999999999999999_0f8fad5b-d9cb-469f-a165-70867728950e'],
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
