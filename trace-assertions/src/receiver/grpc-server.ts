import * as grpc from '@grpc/grpc-js';
import { decodeProtobufRequest, encodeProtobufResponse } from '../otlp/codec.ts';
import { type OtlpParseResult, OtlpShapeError } from '../otlp/to-spans.ts';
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

/** Starts the TraceService/Export gRPC server on host:port (0 = ephemeral) and hands decoded spans to `ingest`. */
export async function startGrpcServer(host: string, port: number, sink: IngestSink): Promise<GrpcOtlpServer> {
  const server = new grpc.Server();
  server.addService(service, {
    Export(call: grpc.ServerUnaryCall<Buffer, Uint8Array>, callback: grpc.sendUnaryData<Uint8Array>) {
      let result: OtlpParseResult;
      try {
        result = decodeProtobufRequest(call.request);
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
    },
  });
  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (error, actual) =>
      error ? reject(error) : resolve(actual),
    );
  });
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.forceShutdown(), 2000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}
