import { Worker } from 'node:worker_threads';
import { type SpanStore, startOtlpReceiver } from '../src/index.ts';
import type { SpanSourceJob, SpanSourceReport } from './span-source-worker.ts';
import { type Bench, type BenchResult, epochMs } from './types.ts';

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
    async run(): Promise<BenchResult[]> {
      const receiver = await startOtlpReceiver({ httpPort: false, maxSpans: spans + 1 });
      const filled = storeFilled(receiver.store, spans, timeoutMs);
      try {
        const report = await runWorker({ endpoint: receiver.grpcEndpoint, spans, spansPerTrace, batchSize }, timeoutMs);
        const doneAt = await filled.done;
        const elapsedMs = doneAt - report.firstExportAt;
        const stats = receiver.stats();
        if (stats.rejectedSpans > 0 || report.failedExports > 0) {
          throw new Error(`${stats.rejectedSpans} spans rejected, ${report.failedExports} exports failed`);
        }
        return [
          {
            name: `SDK exporter → receiver over gRPC (${spans} spans, batches of ${batchSize}, first export → all stored)`,
            unit: 'spans/s',
            project: Math.round(spans / (elapsedMs / 1000)),
            anchor: null,
            ratio: null,
            goal: null,
            met: null,
          },
        ];
      } finally {
        filled.cancel();
        await receiver.close();
      }
    },
  };
}
