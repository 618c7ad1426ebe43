// Worker thread: a real OpenTelemetry SDK (BatchSpanProcessor + OTLP gRPC exporter) exporting many spans.
import { parentPort, workerData } from 'node:worker_threads';
import { type Context, context, SpanKind, trace } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { epochMs } from './types.ts';

/** What the main thread asks for. */
export interface SpanSourceJob {
  readonly endpoint: string;
  readonly spans: number;
  readonly spansPerTrace: number;
  readonly batchSize: number;
}

/** What the worker reports back. */
export interface SpanSourceReport {
  readonly createMs: number;
  readonly firstExportAt: number;
  readonly flushedAt: number;
  readonly exportCalls: number;
  readonly failedExports: number;
}

const job = workerData as SpanSourceJob;
const held: ReadableSpan[] = [];
// Spans are created first and handed to the BatchSpanProcessor afterwards, so creating them is not timed as ingest.
const holder: SpanProcessor = {
  onStart: () => undefined,
  onEnd: (span) => {
    held.push(span);
  },
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};
// forceFlush() exports every remaining batch at once: allow them all in flight (the default limit is 30).
const grpc = new OTLPTraceExporter({
  url: job.endpoint,
  timeoutMillis: 120_000,
  concurrencyLimit: Math.ceil(job.spans / job.batchSize) + 1,
});
let firstExportAt = 0;
let exportCalls = 0;
let failedExports = 0;
const counting: SpanExporter = {
  export(spans, done) {
    if (exportCalls++ === 0) firstExportAt = epochMs();
    grpc.export(spans, (result: ExportResult) => {
      if (result.code !== 0) failedExports += 1;
      done(result);
    });
  },
  shutdown: () => grpc.shutdown(),
  forceFlush: () => grpc.forceFlush(),
};
const batch = new BatchSpanProcessor(counting, {
  maxQueueSize: job.spans,
  maxExportBatchSize: job.batchSize,
  scheduledDelayMillis: 60_000,
  exportTimeoutMillis: 120_000,
});
const provider = new BasicTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'bench-service', 'service.version': '1.0.0' }),
  spanProcessors: [holder],
});
const tracer = provider.getTracer('tracegate-bench', '0.0.1');

const createStarted = performance.now();
for (let made = 0; made < job.spans; made += job.spansPerTrace) {
  const root = tracer.startSpan('POST /orders', {
    kind: SpanKind.SERVER,
    attributes: { 'http.request.method': 'POST', 'http.route': '/orders', 'http.response.status_code': 201 },
  });
  const parent: Context = trace.setSpan(context.active(), root);
  for (let i = 1; i < job.spansPerTrace; i += 1) {
    tracer.startSpan(`step ${i}`, { attributes: { 'bench.step': i, 'order.id': `o-${made}` } }, parent).end();
  }
  root.end();
}
const createMs = performance.now() - createStarted;
for (const span of held) batch.onEnd(span);
held.length = 0;
await batch.forceFlush();
const report: SpanSourceReport = { createMs, firstExportAt, flushedAt: epochMs(), exportCalls, failedExports };
parentPort?.postMessage(report);
await batch.shutdown();
await provider.shutdown();
