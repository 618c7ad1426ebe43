import { MockOtlpServer } from '@elastic/mockotlpserver';
import * as grpc from '@grpc/grpc-js';
import { startOtlpReceiver } from '../src/index.ts';
import { decodeProtobufRequest } from '../src/otlp/codec.ts';
import { EXPORT_PATH, sdkRequests } from './sdk-requests.ts';
import type { Bench, BenchResult } from './types.ts';

/** Options of replayIngestBench. */
export interface ReplayIngestOptions {
  readonly requests?: number;
  readonly clients?: number;
  readonly rounds?: number;
}

const SPANS_PER_REQUEST = 512;
const WARMUP_REQUESTS = 16;

interface Target {
  readonly endpoint: string;
  /** Spans the server reports it received, to prove the replay reached it. */
  received(): number;
  close(): Promise<void>;
}

const raw = (bytes: Buffer) => bytes;

const counted = new WeakMap<Buffer, number>();

function spansIn(requests: readonly Buffer[]): number {
  let sum = 0;
  for (const request of requests) {
    let count = counted.get(request);
    if (count === undefined) {
      count = decodeProtobufRequest(request).spans.length;
      counted.set(request, count);
    }
    sum += count;
  }
  return sum;
}

function send(client: grpc.Client, request: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(EXPORT_PATH, raw, raw, request, (error) => (error ? reject(error) : resolve()));
  });
}

/** Sends every request once over `clients` connections, each keeping one request in flight; returns elapsed ms. */
async function replay(endpoint: string, requests: readonly Buffer[], clients: number): Promise<number> {
  const target = endpoint.replace(/^http:\/\//, '');
  const channels = Array.from(
    { length: clients },
    () => new grpc.Client(target, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 }),
  );
  try {
    // Connect every client first, with the first request, so connection setup is not timed.
    await Promise.all(channels.map((client) => send(client, requests[0] as Buffer)));
    let next = 0;
    const started = performance.now();
    await Promise.all(
      channels.map(async (client) => {
        while (next < requests.length) await send(client, requests[next++] as Buffer);
      }),
    );
    return performance.now() - started;
  } finally {
    for (const client of channels) client.close();
  }
}

async function project(): Promise<Target> {
  const receiver = await startOtlpReceiver({ httpPort: false });
  return {
    endpoint: receiver.grpcEndpoint,
    received: () => receiver.stats().acceptedSpans,
    close: () => receiver.close(),
  };
}

async function mockotlpserver(): Promise<Target> {
  let spans = 0;
  const server = new MockOtlpServer({
    services: ['grpc'],
    grpcHostname: '127.0.0.1',
    grpcPort: 0,
    logLevel: 'warn',
    onTrace: (request) => {
      for (const resource of request.resourceSpans ?? []) {
        for (const scope of resource.scopeSpans ?? []) spans += scope.spans?.length ?? 0;
      }
    },
  });
  await server.start();
  return {
    endpoint: server.grpcUrl?.href.replace(/\/$/, '') ?? '',
    received: () => spans,
    close: () => server.close(),
  };
}

/** Best spans/s of `rounds` fresh servers, each warmed up and then sent every request. */
async function measure(start: () => Promise<Target>, warmup: Buffer[], timed: Buffer[], clients: number) {
  const target = await start();
  try {
    await replay(target.endpoint, warmup, clients);
    const elapsedMs = await replay(target.endpoint, timed, clients);
    const connect = clients * (spansIn(warmup.slice(0, 1)) + spansIn(timed.slice(0, 1)));
    const sent = spansIn(warmup) + spansIn(timed) + connect;
    if (target.received() !== sent) throw new Error(`${target.received()} of ${sent} replayed spans arrived`);
    return spansIn(timed) / (elapsedMs / 1000);
  } finally {
    await target.close();
  }
}

/**
 * OTLP/gRPC ingest of the same recorded 512-span SDK requests, replayed over 8 connections to the receiver (decode,
 * index, store) and to @elastic/mockotlpserver (decode), alternating, best round of each.
 */
export function replayIngestBench(options: ReplayIngestOptions = {}): Bench {
  const count = options.requests ?? 200;
  const clients = options.clients ?? 8;
  const rounds = options.rounds ?? 2;
  return {
    name: `OTLP/gRPC ingest, ${count} replayed 512-span requests, ${clients} clients`,
    async run(): Promise<BenchResult[]> {
      const recorded = await sdkRequests({ spans: (count + WARMUP_REQUESTS) * SPANS_PER_REQUEST });
      const warmup = recorded.slice(0, WARMUP_REQUESTS);
      const timed = recorded.slice(WARMUP_REQUESTS);
      let ours = 0;
      let anchor = 0;
      for (let round = 0; round < rounds; round += 1) {
        anchor = Math.max(anchor, await measure(mockotlpserver, warmup, timed, clients));
        ours = Math.max(ours, await measure(project, warmup, timed, clients));
      }
      const ratio = ours / anchor;
      return [
        {
          name: 'OTLP/gRPC ingest with indexing vs @elastic/mockotlpserver',
          unit: 'spans/s',
          project: Math.round(ours),
          anchor: Math.round(anchor),
          ratio: Number(ratio.toPrecision(3)),
          goal: '≥ 1.5× the anchor',
          met: ratio >= 1.5,
        },
      ];
    },
  };
}
