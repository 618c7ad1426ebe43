import * as grpc from '@grpc/grpc-js';
import { type Context, context, SpanKind, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

/** The gRPC method every OTLP trace exporter calls. */
export const EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

/** Options of sdkRequests. */
export interface SdkRequestsOptions {
  readonly spans: number;
  readonly spansPerRequest?: number;
  readonly spansPerTrace?: number;
}

function startRecorder(recorded: Buffer[]): Promise<{ endpoint: string; server: grpc.Server }> {
  const server = new grpc.Server();
  const raw = (bytes: Buffer) => bytes;
  server.register(
    EXPORT_PATH,
    (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
      recorded.push(call.request);
      callback(null, Buffer.alloc(0));
    },
    raw,
    raw,
    'unary',
  );
  return new Promise((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) =>
      error ? reject(error) : resolve({ endpoint: `http://127.0.0.1:${port}`, server }),
    );
  });
}

function makeSpans(provider: BasicTracerProvider, total: number, spansPerTrace: number): void {
  const tracer = provider.getTracer('tracegate-bench', '0.0.1');
  for (let made = 0; made < total; made += spansPerTrace) {
    const root = tracer.startSpan('POST /orders', {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': 'POST', 'http.route': '/orders', 'http.response.status_code': 201 },
    });
    const parent: Context = trace.setSpan(context.active(), root);
    for (let i = 1; i < spansPerTrace; i += 1) {
      const kind = i === spansPerTrace - 1 ? SpanKind.PRODUCER : SpanKind.INTERNAL;
      tracer.startSpan(`step ${i}`, { kind, attributes: { 'bench.step': i, 'order.id': `o-${made}` } }, parent).end();
    }
    root.end();
  }
}

/**
 * Records the protobuf ExportTraceServiceRequests a real SDK (BatchSpanProcessor + OTLP gRPC exporter) sends for
 * `spans` spans, `spansPerRequest` (512) per request, so that benches can replay the same bytes to any server.
 */
export async function sdkRequests(options: SdkRequestsOptions): Promise<Buffer[]> {
  const recorded: Buffer[] = [];
  const { endpoint, server } = await startRecorder(recorded);
  const requests = Math.ceil(options.spans / (options.spansPerRequest ?? 512));
  const exporter = new OTLPTraceExporter({ url: endpoint, timeoutMillis: 60_000, concurrencyLimit: requests + 1 });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bench-service', 'service.version': '1.0.0' }),
    spanProcessors: [
      new BatchSpanProcessor(exporter, {
        maxQueueSize: options.spans + 1,
        maxExportBatchSize: options.spansPerRequest ?? 512,
        scheduledDelayMillis: 60_000,
        exportTimeoutMillis: 60_000,
      }),
    ],
  });
  try {
    makeSpans(provider, options.spans, options.spansPerTrace ?? 8);
    await provider.forceFlush();
  } finally {
    await provider.shutdown();
    server.forceShutdown();
  }
  return recorded;
}
