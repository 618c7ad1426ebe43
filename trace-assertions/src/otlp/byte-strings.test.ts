import { describe, expect, it } from 'vitest';
import { ByteStrings, hexOf } from './byte-strings.ts';

describe('ByteStrings', () => {
  const buf = Buffer.from('order.idorder.idorder.iX\u00e9t\u00e9', 'utf8');

  it('decodes every range, and a repeated byte sequence of one request to the same string', () => {
    const strings = new ByteStrings(buf);
    const first = strings.utf8(0, 8);
    expect(first).toBe('order.id');
    expect(strings.utf8(8, 16)).toBe(first);
    expect(strings.utf8(16, 24)).toBe('order.iX');
    expect(strings.utf8(24, buf.length)).toBe('\u00e9t\u00e9');
    expect(strings.hex(0, 4)).toBe('6f726465');
    expect(strings.hex(8, 12)).toBe('6f726465');
    expect(strings.utf8(3, 3)).toBe('');
  });

  it('never reuses a string of another request, nor one of the other encoding', () => {
    const first = new ByteStrings(buf);
    first.utf8(0, 8);
    const other = new ByteStrings(Uint8Array.from(Buffer.from('orderXid')));
    expect(other.utf8(0, 8)).toBe('orderXid');
    expect(other.hex(0, 8)).toBe(Buffer.from('orderXid').toString('hex'));
  });

  it('decodes long strings without caching them', () => {
    const long = Buffer.from('x'.repeat(200));
    expect(new ByteStrings(long).utf8(0, 200)).toBe('x'.repeat(200));
  });

  it.each([8, 16, 3])('encodes %i bytes of every value as Buffer hex does', (length) => {
    const bytes = Buffer.from(Array.from({ length: 256 + length }, (_, i) => i & 255));
    for (let start = 0; start <= 256; start += 1) {
      expect(hexOf(bytes, start, start + length)).toBe(bytes.toString('hex', start, start + length));
    }
  });
});
