const HEX = /^[0-9a-f]*$/;

/** How ids are written in a JSON document: OTLP/JSON and Jaeger v3 use hex, Tempo uses base64. */
export type IdEncoding = 'hex' | 'base64';

/** Hex-encodes bytes. */
export function bytesToHex(bytes: Uint8Array): string {
  // protobufjs hands bytes fields over as Buffers on Node: no second view per id.
  if (Buffer.isBuffer(bytes)) return bytes.toString('hex');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Returns the lowercase hex id of `byteLength` bytes, '' for an empty id, or undefined when invalid. */
export function readId(value: unknown, byteLength: number, encoding: IdEncoding): string | undefined {
  if (value === undefined || value === null || value === '') return '';
  if (value instanceof Uint8Array) return bytesId(value, byteLength);
  if (typeof value !== 'string') return undefined;
  let hex: string;
  if (encoding === 'base64' && !(value.length === byteLength * 2 && /^[0-9a-fA-F]+$/.test(value))) {
    hex = Buffer.from(value, 'base64').toString('hex');
  } else hex = value.toLowerCase();
  if (hex.length === 0) return '';
  if (hex.length !== byteLength * 2 || !HEX.test(hex) || /^0+$/.test(hex)) return undefined;
  return hex;
}

// Bytes are hex by construction: only the length and the all-zero id need checking.
function bytesId(bytes: Uint8Array, byteLength: number): string | undefined {
  if (bytes.byteLength === 0) return '';
  if (bytes.byteLength !== byteLength || bytes.every((byte) => byte === 0)) return undefined;
  return bytesToHex(bytes);
}

/** True when `id` is a non-zero lowercase hex id of `byteLength` bytes. */
export function isHexId(id: string, byteLength: number): boolean {
  return id.length === byteLength * 2 && HEX.test(id) && !/^0+$/.test(id);
}
