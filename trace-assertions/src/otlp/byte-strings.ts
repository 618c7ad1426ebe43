// Longer strings are rarely repeated; caching them would only cost the hashing.
const MAX_CACHED_BYTES = 64;

interface Entry {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

// FNV-1a.
function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i += 1) hash = Math.imul(hash ^ (buf[i] as number), 16_777_619);
  return hash;
}

function sameBytes(buf: Uint8Array, entry: Entry, start: number, end: number): boolean {
  if (entry.end - entry.start !== end - start) return false;
  for (let i = 0; i < end - start; i += 1) if (buf[entry.start + i] !== buf[start + i]) return false;
  return true;
}

/**
 * The strings of one request buffer, one per distinct byte sequence: spans of a request repeat trace ids, parent ids,
 * names and attribute keys and values, and a repeat is found from its bytes, without decoding it or hashing a string.
 */
export class ByteStrings {
  readonly #buf: Buffer;
  readonly #hex = new Map<number, Entry>();
  readonly #utf8 = new Map<number, Entry>();

  constructor(bytes: Uint8Array) {
    this.#buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** The bytes [start, end) as lowercase hex. */
  hex(start: number, end: number): string {
    return this.#cached(start, end, this.#hex, 'hex');
  }

  /** The bytes [start, end) decoded as UTF-8. */
  utf8(start: number, end: number): string {
    return this.#cached(start, end, this.#utf8, 'utf8');
  }

  #cached(start: number, end: number, entries: Map<number, Entry>, encoding: 'hex' | 'utf8'): string {
    const buf = this.#buf;
    if (end - start > MAX_CACHED_BYTES || end === start) return buf.toString(encoding, start, end);
    const hash = hashBytes(buf, start, end);
    const known = entries.get(hash);
    if (known !== undefined && sameBytes(buf, known, start, end)) return known.text;
    const text = buf.toString(encoding, start, end);
    // On a hash collision the newer string takes the slot: still correct, only shared less.
    entries.set(hash, { start, end, text });
    return text;
  }
}
