import { otlpTypes } from './proto-root.ts';
import { type OtlpParseResult, OtlpShapeError, spansFromOtlp } from './to-spans.ts';
import { decodeWireRequest } from './wire-decode.ts';
import { decodeWireSpans } from './wire-records.ts';
import type { StoredSpan } from './wire-span.ts';

/** Decodes a protobuf ExportTraceServiceRequest; throws OtlpShapeError when the bytes are not one. */
export function decodeProtobufRequest(body: Uint8Array): OtlpParseResult {
  return decodeWireRequest(body) ?? decodeProtobufMessage(body);
}

/** Decoded spans as a store keeps them (see WireSpan), plus the spans rejected (with why). */
export interface StoredParseResult {
  readonly spans: readonly StoredSpan[];
  readonly rejected: number;
  readonly errors: string[];
}

/**
 * Decodes a protobuf ExportTraceServiceRequest for a store: spans the wire decoder reads are kept as their bytes and
 * built on first read; the general path's spans are built. Throws OtlpShapeError when the bytes are not a request.
 */
export function decodeProtobufForStore(body: Uint8Array): StoredParseResult {
  const spans = decodeWireSpans(body);
  return spans === undefined ? decodeProtobufMessage(body) : { spans, rejected: 0, errors: [] };
}

/** The general path: protobufjs message objects, then spansFromOtlp, with every check and message it has. */
export function decodeProtobufMessage(body: Uint8Array): OtlpParseResult {
  const { exportRequest } = otlpTypes();
  let message: object;
  try {
    // int64 fields stay Long objects: readNanos and int64ToJs read their two halves, no decimal string in between.
    // A Buffer reader on any input, as the fast path reads it: strings decode the same way on both paths.
    const buffer = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    message = exportRequest.toObject(exportRequest.decode(buffer), { enums: Number, defaults: false });
  } catch (error) {
    throw new OtlpShapeError(`cannot decode ExportTraceServiceRequest: ${(error as Error).message}`);
  }
  return spansFromOtlp(message, { idEncoding: 'hex' });
}

/** Decodes an OTLP/JSON ExportTraceServiceRequest; throws OtlpShapeError when it is not one. */
export function decodeJsonRequest(body: string): OtlpParseResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new OtlpShapeError(`invalid JSON: ${(error as Error).message}`);
  }
  return spansFromOtlp(parsed, { idEncoding: 'hex' });
}

/** The partial-success part of a response, or undefined when every span was accepted. */
export function partialSuccess(
  result: Pick<OtlpParseResult, 'rejected' | 'errors'>,
): { rejectedSpans: number; errorMessage: string } | undefined {
  if (result.rejected === 0) return undefined;
  return { rejectedSpans: result.rejected, errorMessage: result.errors.join('; ') };
}

/** Encodes an ExportTraceServiceResponse as protobuf. */
export function encodeProtobufResponse(result: Pick<OtlpParseResult, 'rejected' | 'errors'>): Uint8Array {
  const { exportResponse } = otlpTypes();
  const partial = partialSuccess(result);
  return exportResponse.encode(exportResponse.fromObject(partial ? { partialSuccess: partial } : {})).finish();
}

/** Encodes an ExportTraceServiceResponse as OTLP/JSON (int64 as a string). */
export function encodeJsonResponse(result: Pick<OtlpParseResult, 'rejected' | 'errors'>): string {
  const partial = partialSuccess(result);
  if (partial === undefined) return '{}';
  return JSON.stringify({
    partialSuccess: { rejectedSpans: String(partial.rejectedSpans), errorMessage: partial.errorMessage },
  });
}

/** Encodes a google.rpc.Status error body as protobuf. */
export function encodeProtobufStatus(code: number, message: string): Uint8Array {
  const { rpcStatus } = otlpTypes();
  return rpcStatus.encode(rpcStatus.fromObject({ code, message })).finish();
}
