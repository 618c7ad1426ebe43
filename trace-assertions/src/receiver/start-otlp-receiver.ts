import { TraceAssertionError } from '../errors.ts';
import { createSpanStore, type SpanStore } from '../store/span-store.ts';
import type { TraceTarget, WaitForTraceOptions } from '../store/wait-for-trace.ts';
import type { EvictionEvent, Trace } from '../types.ts';
import { type GrpcOtlpServer, startGrpcServer } from './grpc-server.ts';
import { DEFAULT_MAX_BODY_BYTES, type HttpOtlpServer, startHttpServer } from './http-server.ts';
import { statsSink, withLastRejection } from './receiver-stats.ts';

/** Options of startOtlpReceiver. */
export interface OtlpReceiverOptions {
  /** gRPC port; 0 (default) picks a free one, false disables gRPC. */
  readonly grpcPort?: number | false;
  /** OTLP/HTTP port; 0 (default) picks a free one, false disables HTTP. */
  readonly httpPort?: number | false;
  /** Interface to bind (default 127.0.0.1). */
  readonly host?: string;
  /**
   * Cap on one export request in bytes, compressed and after gzip/deflate decompression (default 64 MiB): larger
   * HTTP bodies are answered 413, larger gRPC messages RESOURCE_EXHAUSTED.
   */
  readonly maxRequestBytes?: number;
  /** Bound on stored spans (default 100 000); evictions are counted and reported. */
  readonly maxSpans?: number;
  readonly onEvict?: (event: EvictionEvent) => void;
  /** Feed an existing store instead of creating one. */
  readonly store?: SpanStore;
}

/** Counters of what the receiver accepted and refused. */
export interface ReceiverStats {
  readonly requests: number;
  readonly acceptedSpans: number;
  readonly rejectedSpans: number;
  readonly invalidRequests: number;
  /** HTTP requests answered with an error status, by status (e.g. `{ '413': 1, '415': 2 }`). */
  readonly rejected: Readonly<Record<string, number>>;
  readonly lastError?: string;
  /** The last HTTP request answered with an error status, e.g. `HTTP 413: the body exceeds …`. */
  readonly lastRejection?: string;
}

/** A running OTLP trace receiver (gRPC + HTTP) feeding a SpanStore. */
export interface OtlpReceiver {
  /** `http://host:port` of the gRPC server, usable as OTEL_EXPORTER_OTLP_ENDPOINT for the gRPC exporter. */
  readonly grpcEndpoint: string;
  /** `http://host:port` of the HTTP server, usable as OTEL_EXPORTER_OTLP_ENDPOINT for the HTTP exporters. */
  readonly httpEndpoint: string;
  /** `${httpEndpoint}/v1/traces`, the `url` option of the HTTP exporters. */
  readonly httpTracesUrl: string;
  readonly grpcPort: number | undefined;
  readonly httpPort: number | undefined;
  readonly store: SpanStore;
  stats(): ReceiverStats;
  /** Push-driven wait on the receiver's store; see waitForTrace. */
  waitForTrace(target: TraceTarget, options?: WaitForTraceOptions): Promise<Trace>;
  close(): Promise<void>;
}

/**
 * Starts an OTLP trace receiver on ephemeral ports and returns its endpoints and store.
 * @example
 * const receiver = await startOtlpReceiver();
 * process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.grpcEndpoint;
 * const trace = await receiver.waitForTrace(traceId, { until: ['span[kind="server"]'] });
 * await receiver.close();
 */
export async function startOtlpReceiver(options: OtlpReceiverOptions = {}): Promise<OtlpReceiver> {
  const host = options.host ?? '127.0.0.1';
  const store =
    options.store ??
    createSpanStore({
      ...(options.maxSpans !== undefined ? { maxSpans: options.maxSpans } : {}),
      ...(options.onEvict !== undefined ? { onEvict: options.onEvict } : {}),
    });
  let stats: ReceiverStats = { requests: 0, acceptedSpans: 0, rejectedSpans: 0, invalidRequests: 0, rejected: {} };
  const sink = statsSink(store, (update) => {
    stats = update(stats);
  });
  const { grpc, http } = await startServers(host, options, sink);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const httpEndpoint = http ? `http://${urlHost}:${http.port}` : '';
  return {
    grpcEndpoint: grpc ? `http://${urlHost}:${grpc.port}` : '',
    httpEndpoint,
    httpTracesUrl: http ? `${httpEndpoint}/v1/traces` : '',
    grpcPort: grpc?.port,
    httpPort: http?.port,
    store,
    stats: () => stats,
    waitForTrace: (target, waitOptions) =>
      store.waitForTrace(target, waitOptions).catch((error: unknown) => {
        throw withLastRejection(error, stats.lastRejection);
      }),
    close: async () => {
      await Promise.all([grpc?.close(), http?.close()]);
    },
  };
}

/** Starts the gRPC and HTTP servers the options ask for; if one cannot start, closes the other and says why. */
async function startServers(
  host: string,
  options: OtlpReceiverOptions,
  sink: Parameters<typeof startGrpcServer>[1],
): Promise<{ grpc: GrpcOtlpServer | undefined; http: HttpOtlpServer | undefined }> {
  let grpc: GrpcOtlpServer | undefined;
  let http: HttpOtlpServer | undefined;
  try {
    const maxBytes = options.maxRequestBytes ?? DEFAULT_MAX_BODY_BYTES;
    if (options.grpcPort !== false)
      grpc = await startGrpcServer({ host, port: options.grpcPort ?? 0, maxMessageBytes: maxBytes }, sink);
    if (options.httpPort !== false)
      http = await startHttpServer({ host, port: options.httpPort ?? 0, maxBodyBytes: maxBytes }, sink);
    return { grpc, http };
  } catch (error) {
    await Promise.allSettled([grpc?.close(), http?.close()]);
    throw new TraceAssertionError('RECEIVER_ERROR', `cannot start the OTLP receiver on ${host}: ${String(error)}`, {
      cause: error,
    });
  }
}
