import { flushToWaitLatencyBench } from './flush-to-wait-latency.ts';
import { ingestThroughputBench } from './ingest-throughput.ts';
import type { Bench } from './types.ts';

export type { Bench, BenchFigure } from './types.ts';
export { flushToWaitLatencyBench, ingestThroughputBench };

/** The trace-assertions benchmarks, in the order `npm run bench` runs them. */
export function traceAssertionBenches(): Bench[] {
  return [
    ingestThroughputBench({ spans: 200_000, batchSize: 8192 }),
    flushToWaitLatencyBench({ traces: 200, settleMs: 0 }),
    flushToWaitLatencyBench({ traces: 40, settleMs: 250 }),
  ];
}
