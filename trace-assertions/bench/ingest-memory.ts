import { decodeProtobufForStore } from '../src/otlp/codec.ts';
import { addStoredSpans, createSpanStore } from '../src/store/span-store.ts';
import { retainedAfterGc } from './gc.ts';
import { sdkRequests } from './sdk-requests.ts';
import type { Bench, BenchResult } from './types.ts';

/** Options of ingestMemoryBench. */
export interface IngestMemoryOptions {
  readonly spans?: number;
}

/**
 * Decode + store of replayed 512-span SDK requests on one thread (no network), as the receiver does it: spans/s, and
 * the bytes the store holds per span after a full collection (heap plus the request bytes its spans keep).
 */
export function ingestMemoryBench(options: IngestMemoryOptions = {}): Bench {
  const spans = options.spans ?? 200_000;
  return {
    name: `decode + store, ${spans.toLocaleString('en-US')} real SDK spans in 512-span requests`,
    async run(): Promise<BenchResult[]> {
      const requests = await sdkRequests({ spans });
      const store = createSpanStore({ maxSpans: spans + 1, maxBytes: Number.MAX_SAFE_INTEGER });
      for (const request of requests.slice(0, 20)) decodeProtobufForStore(Buffer.from(request));
      const before = retainedAfterGc();
      const started = performance.now();
      // A copy per request, as a transport hands over: the store keeps its own bytes, not the bench's.
      for (const request of requests) addStoredSpans(store, decodeProtobufForStore(Buffer.from(request)).spans);
      const elapsedMs = performance.now() - started;
      const held = (retainedAfterGc() - before) / store.stats().spans;
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
          name: 'heap held per stored span (request bytes included)',
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
