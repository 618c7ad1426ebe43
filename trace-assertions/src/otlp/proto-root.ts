import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const PROTO_DIR = fileURLToPath(new URL('../../proto/', import.meta.url));

/** The protobuf message types the receiver speaks. */
export interface OtlpTypes {
  readonly exportRequest: protobuf.Type;
  readonly exportResponse: protobuf.Type;
  readonly rpcStatus: protobuf.Type;
}

let cached: OtlpTypes | undefined;

/** Loads the OTLP .proto files shipped in `proto/` once and returns the message types. */
export function otlpTypes(): OtlpTypes {
  if (cached !== undefined) return cached;
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => `${PROTO_DIR}${target}`;
  root.loadSync(['opentelemetry/proto/collector/trace/v1/trace_service.proto', 'google/rpc/status.proto']);
  cached = {
    exportRequest: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'),
    exportResponse: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse'),
    rpcStatus: root.lookupType('google.rpc.Status'),
  };
  return cached;
}
