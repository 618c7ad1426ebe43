import { Worker } from 'node:worker_threads';
import { type SpanStore, startOtlpReceiver } from '../src/index.ts';
import type { SpanSourceJob, SpanSourceReport } from './span-source-worker.ts';
import { type Bench, type BenchFigure, epochMs } from './types.ts';

/** Options of ingestThroughputBench. */
export interface IngestThroughputOptions {
  readonly spans?: number;
  readonly spansPerTrace?: number;
  readonly batchSize?: number;
  readonly timeoutMs?: number;
}

function runWorker(job: SpanSourceJob, timeoutMs: number): Promise<SpanSourceReport> {
  const worker = new Worker(new URL('./span-source-worker.ts', import.meta.url), { workerData: job });
  return new Promise<SpanSourceReport>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`span source did not finish in ${timeoutMs} ms`)), timeoutMs);
    worker.once('message', (report: SpanSourceReport) => resolve(report));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`span source exited with ${code} before reporting`)));
    const stop = () => clearTimeout(timer);
    worker.once('message', stop).once('error', stop).once('exit', stop);
  }).finally(() => worker.terminate());
}

/** Resolves (epoch ms) once the store holds `total` spans; `cancel` stops waiting without rejecting. */
function storeFilled(store: SpanStore, total: number, timeoutMs: number) {
  let cancel: () => void = () => undefined;
  let firstArrival = 0;
  const done = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`store holds ${store.stats().spans} of ${total} spans after ${timeoutMs} ms`));
    }, timeoutMs);
    const off = store.onSpans(() => {
      if (firstArrival === 0) firstArrival = epochMs();
      if (store.stats().spans < total) return;
      cancel();
      resolve(epochMs());
    });
    cancel = () => {
      clearTimeout(timer);
      off();
    };
  });
  return { done, firstArrival: () => firstArrival, cancel: () => cancel() };
}

/**
 * Spans/s the receiver ingests over gRPC from a real SDK (BatchSpanProcessor + OTLP gRPC exporter in a worker thread),
 * timed from the first export call to the store holding every span.
 */
export function ingestThroughputBench(options: IngestThroughputOptions = {}): Bench {
  const spans = options.spans ?? 200_000;
  const spansPerTrace = options.spansPerTrace ?? 10;
  const batchSize = options.batchSize ?? 8192;
  const timeoutMs = options.timeoutMs ?? 300_000;
  return {
    name: `receiver ingest over gRPC (${spans} spans, batches of ${batchSize})`,
    async run(): Promise<BenchFigure[]> {
      const receiver = await startOtlpReceiver({ httpPort: false, maxSpans: spans + 1 });
      const filled = storeFilled(receiver.store, spans, timeoutMs);
      try {
        const report = await runWorker({ endpoint: receiver.grpcEndpoint, spans, spansPerTrace, batchSize }, timeoutMs);
        const doneAt = await filled.done;
        const elapsedMs = doneAt - report.firstExportAt;
        const receiverMs = doneAt - filled.firstArrival();
        const stats = receiver.stats();
        return [
          {
            metric: 'spans/s (first export → store holds all)',
            value: Math.round(spans / (elapsedMs / 1000)).toLocaleString('en-US'),
          },
          { metric: 'elapsed', value: `${Math.round(elapsedMs)} ms` },
          {
            metric: 'spans/s (first batch stored → all stored)',
            value: Math.round((spans - batchSize) / (receiverMs / 1000)).toLocaleString('en-US'),
          },
          { metric: 'export requests received', value: String(stats.requests) },
          { metric: 'rejected / failed exports', value: `${stats.rejectedSpans} / ${report.failedExports}` },
          { metric: 'SDK span creation (not timed above)', value: `${Math.round(report.createMs)} ms` },
        ];
      } finally {
        filled.cancel();
        await receiver.close();
      }
    },
  };
}
