import * as grpc from '@grpc/grpc-js';
import { decodeProtobufForStore, encodeProtobufResponse, type StoredParseResult } from '../otlp/codec.ts';
import { OtlpShapeError } from '../otlp/to-spans.ts';
import type { IngestSink } from './ingest-sink.ts';

const EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

/** A started gRPC OTLP trace server. */
export interface GrpcOtlpServer {
  readonly port: number;
  close(): Promise<void>;
}

const service: grpc.ServiceDefinition = {
  Export: {
    path: EXPORT_PATH,
    requestStream: false,
    responseStream: false,
    // Decoding happens in the handler so a malformed body becomes INVALID_ARGUMENT, not INTERNAL.
    requestDeserialize: (bytes: Buffer) => bytes,
    requestSerialize: (bytes: Buffer) => bytes,
    responseSerialize: (bytes: Uint8Array) => Buffer.from(bytes),
    responseDeserialize: (bytes: Buffer) => bytes,
  },
};

/** Where and how the gRPC server listens. */
export interface GrpcServerOptions {
  readonly host: string;
  readonly port: number;
  /** Larger messages (after decompression) are refused by grpc-js with RESOURCE_EXHAUSTED before decoding. */
  readonly maxMessageBytes: number;
}

/** Starts the TraceService/Export gRPC server on host:port (0 = ephemeral) and hands decoded spans to `ingest`. */
export async function startGrpcServer(options: GrpcServerOptions, sink: IngestSink): Promise<GrpcOtlpServer> {
  const { host, port } = options;
  const server = new grpc.Server({ 'grpc.max_receive_message_length': options.maxMessageBytes });
  server.addService(service, { Export: exportHandler(sink) });
  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (error, actual) =>
      error ? reject(error) : resolve(actual),
    );
  });
  return { port: bound, close: () => shutDown(server) };
}

/** Decodes one Export request and hands its spans to the sink; a request that does not decode is refused, counted. */
function exportHandler(sink: IngestSink) {
  return (call: grpc.ServerUnaryCall<Buffer, Uint8Array>, callback: grpc.sendUnaryData<Uint8Array>): void => {
    let result: StoredParseResult;
    try {
      result = decodeProtobufForStore(call.request);
    } catch (error) {
      const invalid = error instanceof OtlpShapeError;
      sink.invalid('grpc', (error as Error).message);
      callback({
        code: invalid ? grpc.status.INVALID_ARGUMENT : grpc.status.INTERNAL,
        details: String((error as Error).message),
      });
      return;
    }
    sink.ingest(result);
    callback(null, encodeProtobufResponse(result));
  };
}

/** Lets answers in flight finish for up to 2 s, then forces the shutdown. */
function shutDown(server: grpc.Server): Promise<void> {
  return new Promise<void>((resolve) => {
    // grpc-js may never call tryShutdown's callback for a session whose client has not read its answer, even
    // after forceShutdown (grpc-node#1458): the forced shutdown ends close() itself.
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, 2000);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}
