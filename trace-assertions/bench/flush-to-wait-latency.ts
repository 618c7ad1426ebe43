import { context, SpanKind, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startOtlpReceiver } from '../src/index.ts';
import { type Bench, type BenchResult, percentile } from './types.ts';

/** Options of flushToWaitLatencyBench. */
export interface FlushToWaitLatencyOptions {
  readonly traces?: number;
  readonly settleMs?: number;
  readonly warmup?: number;
}

function latency(name: string, value: number): BenchResult {
  return { name, unit: 'ms', project: Number(value.toFixed(2)), anchor: null, ratio: null, goal: null, met: null };
}

/**
 * Latency from the exporter's forceFlush() resolving to receiver.waitForTrace() resolving, per trace, in one process
 * (as in a test: SDK and receiver side by side). A wait that already resolved counts as 0.
 */
export function flushToWaitLatencyBench(options: FlushToWaitLatencyOptions = {}): Bench {
  const traces = options.traces ?? 200;
  const settleMs = options.settleMs ?? 0;
  const warmup = options.warmup ?? 20;
  return {
    name: `forceFlush() → waitForTrace() (settleMs ${settleMs}, ${traces} traces)`,
    async run(): Promise<BenchResult[]> {
      const receiver = await startOtlpReceiver({ httpPort: false });
      const exporter = new OTLPTraceExporter({ url: receiver.grpcEndpoint });
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes({ 'service.name': 'latency-service' }),
        spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 60_000 })],
      });
      const tracer = provider.getTracer('tracegate-bench');
      const latencies: number[] = [];
      let early = 0;
      try {
        for (let i = 0; i < warmup + traces; i += 1) {
          const root = tracer.startSpan('POST /orders', { kind: SpanKind.SERVER });
          const parent = trace.setSpan(context.active(), root);
          tracer.startSpan('orders.created publish', { kind: SpanKind.PRODUCER }, parent).end();
          root.end();
          let resolvedAt = Number.NaN;
          const waiting = receiver
            .waitForTrace(root.spanContext().traceId, { until: ['span[kind="producer"]'], settleMs, timeoutMs: 10_000 })
            .then(() => {
              resolvedAt = performance.now();
            });
          await provider.forceFlush();
          const flushedAt = performance.now();
          await waiting;
          if (i < warmup) continue;
          if (resolvedAt <= flushedAt) early += 1;
          latencies.push(Math.max(0, resolvedAt - flushedAt));
        }
      } finally {
        await provider.shutdown();
        await receiver.close();
      }
      const label = `forceFlush() returned → waitForTrace resolved (settleMs ${settleMs}, ${early} of ${traces} early)`;
      return [latency(`${label}, p50`, percentile(latencies, 50)), latency(`${label}, p99`, percentile(latencies, 99))];
    },
  };
}
