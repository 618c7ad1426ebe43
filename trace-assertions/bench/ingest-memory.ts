import { decodeProtobufRequest } from '../src/otlp/codec.ts';
import { createSpanStore } from '../src/store/span-store.ts';
import { heapAfterGc } from './gc.ts';
import { sdkRequests } from './sdk-requests.ts';
import type { Bench, BenchResult } from './types.ts';

/** Options of ingestMemoryBench. */
export interface IngestMemoryOptions {
  readonly spans?: number;
}

/**
 * Decode + store of replayed 512-span SDK requests on one thread (no network): spans/s, and heap bytes the store holds
 * per span after a full collection.
 */
export function ingestMemoryBench(options: IngestMemoryOptions = {}): Bench {
  const spans = options.spans ?? 200_000;
  return {
    name: `decode + store, ${spans.toLocaleString('en-US')} real SDK spans in 512-span requests`,
    async run(): Promise<BenchResult[]> {
      const requests = await sdkRequests({ spans });
      const store = createSpanStore({ maxSpans: spans + 1, maxBytes: Number.MAX_SAFE_INTEGER });
      for (const request of requests.slice(0, 20)) decodeProtobufRequest(request);
      const before = heapAfterGc();
      const started = performance.now();
      for (const request of requests) store.add(decodeProtobufRequest(request).spans);
      const elapsedMs = performance.now() - started;
      const held = (heapAfterGc() - before) / store.stats().spans;
      return [
        {
          name: 'decode + store (one thread)',
          unit: 'spans/s',
          project: Math.round(spans / (elapsedMs / 1000)),
          anchor: null,
          ratio: null,
          goal: null,
          met: null,
        },
        {
          name: 'heap held per stored span',
          unit: 'B',
          project: Math.round(held),
          anchor: null,
          ratio: null,
          goal: '≤ 400 B',
          met: held <= 400,
        },
      ];
    },
  };
}
