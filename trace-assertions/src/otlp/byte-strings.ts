// Longer strings are rarely repeated; caching them would only cost the hashing.
const MAX_CACHED_BYTES = 64;
// Slots of the per-request table (a power of two); a string whose slot is taken replaces the older one.
const SLOTS = 1024;

// FNV-1a over the length and at most the first and last four bytes: ids are random, and repeated names and values
// differ there; a collision only shares less (the bytes are compared before a string is reused).
function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let hash = Math.imul(0x811c9dc5 ^ (end - start), 16_777_619);
  const head = Math.min(end, start + 4);
  for (let i = start; i < head; i += 1) hash = Math.imul(hash ^ (buf[i] as number), 16_777_619);
  for (let i = Math.max(head, end - 4); i < end; i += 1) hash = Math.imul(hash ^ (buf[i] as number), 16_777_619);
  return hash;
}

// The two hex digit character codes of each byte value.
const HIGH = new Uint16Array(256);
const LOW = new Uint16Array(256);
for (let byte = 0; byte < 256; byte += 1) {
  const digits = byte.toString(16).padStart(2, '0');
  HIGH[byte] = digits.charCodeAt(0);
  LOW[byte] = digits.charCodeAt(1);
}

const high = (byte: number | undefined): number => HIGH[byte as number] as number;
const low = (byte: number | undefined): number => LOW[byte as number] as number;

// Span ids (8 bytes) in one call that builds a flat string in JavaScript: a Buffer's hex slice crosses into C++, and
// measured 2× slower. Trace ids (16 bytes) repeat within a request, and 32 arguments measured no faster than the slice.
function hex8(b: Uint8Array, s: number): string {
  const b0 = b[s],
    b1 = b[s + 1],
    b2 = b[s + 2],
    b3 = b[s + 3];
  const b4 = b[s + 4],
    b5 = b[s + 5],
    b6 = b[s + 6],
    b7 = b[s + 7];
  return String.fromCharCode(
    high(b0),
    low(b0),
    high(b1),
    low(b1),
    high(b2),
    low(b2),
    high(b3),
    low(b3),
    high(b4),
    low(b4),
    high(b5),
    low(b5),
    high(b6),
    low(b6),
    high(b7),
    low(b7),
  );
}

/** The bytes [start, end) as lowercase hex. */
export function hexOf(buf: Buffer, start: number, end: number): string {
  return end - start === 8 ? hex8(buf, start) : buf.toString('hex', start, end);
}

/**
 * One encoding's table: for each slot, the request that filled it, where its bytes lie in that request and the string
 * they decoded to. Decoding is synchronous, so one table per encoding serves every request in turn.
 */
class Table {
  readonly requests = new Int32Array(SLOTS);
  readonly starts = new Int32Array(SLOTS);
  readonly ends = new Int32Array(SLOTS);
  readonly texts: string[] = new Array(SLOTS).fill('');
}

const HEX = new Table();
const UTF8 = new Table();
let lastRequest = 0;

/** Decodes byte ranges of one request buffer into strings. */
export interface StringReader {
  hex(start: number, end: number): string;
  utf8(start: number, end: number): string;
}

/**
 * The strings of one request buffer, one per distinct byte sequence: spans of a request repeat trace ids, parent ids,
 * names and attribute keys and values, and a repeat is found from its bytes, without decoding it or hashing a string.
 */
export class ByteStrings implements StringReader {
  readonly #buf: Buffer;
  // Slots filled for earlier requests do not count: their offsets point into other buffers.
  readonly #request: number;

  constructor(bytes: Uint8Array) {
    this.#buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (lastRequest === 0x7fff_ffff) {
      // Numbering starts over: forget every slot, so none passes for a request it was not filled by.
      HEX.requests.fill(0);
      UTF8.requests.fill(0);
      lastRequest = 0;
    }
    lastRequest += 1;
    this.#request = lastRequest;
  }

  /** The bytes [start, end) as lowercase hex. */
  hex(start: number, end: number): string {
    return this.#cached(start, end, HEX, 'hex');
  }

  /** The bytes [start, end) decoded as UTF-8. */
  utf8(start: number, end: number): string {
    return this.#cached(start, end, UTF8, 'utf8');
  }

  #cached(start: number, end: number, table: Table, encoding: 'hex' | 'utf8'): string {
    const buf = this.#buf;
    const length = end - start;
    if (length > MAX_CACHED_BYTES || length === 0) return buf.toString(encoding, start, end);
    const slot = hashBytes(buf, start, end) & (SLOTS - 1);
    if (
      table.requests[slot] === this.#request &&
      this.#same(table.starts[slot] as number, table.ends[slot] as number, start, end)
    ) {
      return table.texts[slot] as string;
    }
    const text = encoding === 'hex' ? hexOf(buf, start, end) : buf.toString(encoding, start, end);
    table.requests[slot] = this.#request;
    table.starts[slot] = start;
    table.ends[slot] = end;
    table.texts[slot] = text;
    return text;
  }

  #same(knownStart: number, knownEnd: number, start: number, end: number): boolean {
    if (knownEnd - knownStart !== end - start) return false;
    const buf = this.#buf;
    for (let i = 0; i < end - start; i += 1) if (buf[knownStart + i] !== buf[start + i]) return false;
    return true;
  }
}
