import type { StoredParseResult } from '../otlp/codec.ts';

/** Where the transport servers hand decoded requests and malformed ones. */
export interface IngestSink {
  ingest(result: StoredParseResult): void;
  /** A gRPC request that could not be decoded. */
  invalid(transport: 'grpc' | 'http', message: string): void;
  /** An HTTP request answered with an error status (400 counts as invalid too). */
  refused(transport: 'http', status: number, message: string): void;
}
