import { chainCheckBench } from './chain-check.ts';
import { flushToWaitLatencyBench } from './flush-to-wait-latency.ts';
import { ingestMemoryBench } from './ingest-memory.ts';
import { ingestThroughputBench } from './ingest-throughput.ts';
import { queryScanBench } from './query-scan.ts';
import { replayIngestBench } from './replay-ingest.ts';
import type { Bench } from './types.ts';

export type { Bench, BenchResult } from './types.ts';
export { percentile } from './types.ts';
export {
  chainCheckBench,
  flushToWaitLatencyBench,
  ingestMemoryBench,
  ingestThroughputBench,
  queryScanBench,
  replayIngestBench,
};

/** The trace-assertions benchmarks, in the order `npm run bench` runs them. */
export function traceAssertionBenches(): Bench[] {
  return [
    replayIngestBench({ requests: 200, clients: 8, rounds: 2 }),
    ingestMemoryBench({ spans: 200_000 }),
    queryScanBench({ spans: 1_000_000 }),
    ingestThroughputBench({ spans: 200_000, batchSize: 8192 }),
    flushToWaitLatencyBench({ traces: 200, settleMs: 0 }),
    chainCheckBench({ unrelatedSpans: 50_000 }),
  ];
}
