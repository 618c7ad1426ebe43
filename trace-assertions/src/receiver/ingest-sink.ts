import type { OtlpParseResult } from '../otlp/to-spans.ts';

/** Where the transport servers hand decoded requests and malformed ones. */
export interface IngestSink {
  ingest(result: OtlpParseResult): void;
  invalid(transport: 'grpc' | 'http', message: string): void;
}
