import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createDeflate, createGzip, gzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isTraceAssertionError } from '../errors.ts';
import { fixtureText } from '../test-support/fixtures.ts';
import { type OtlpReceiver, startOtlpReceiver } from './start-otlp-receiver.ts';

// The stated bound: hostile requests against the default 64 MiB cap never grow the process by more than this.
const RSS_GROWTH_BOUND_BYTES = 128 * 1024 * 1024;
const MiB = 1024 * 1024;

// A full collection between requests, so the peak measures what one hostile request holds (and anything the receiver
// retains across them), not garbage of earlier requests the collector has not reached yet.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

// Anonymous RSS (heap, buffers) where Linux reports it: file-backed pages (node's own code) come and go with the
// machine's page-cache pressure, and a baseline taken while they were evicted would read their return as growth.
const STATUS = '/proc/self/status';
const anonymousRss = existsSync(STATUS)
  ? () => Number(/^RssAnon:\s+(\d+) kB/m.exec(readFileSync(STATUS, 'utf8'))?.[1] ?? Number.NaN) * 1024
  : () => process.memoryUsage.rss();

let receiver: OtlpReceiver;
let rssBefore: number;
let rssPeak = 0;
let sampler: NodeJS.Timeout;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  collectGarbage();
  rssBefore = anonymousRss();
  sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, anonymousRss());
  }, 20);
});
afterEach(() => collectGarbage());
afterAll(async () => {
  clearInterval(sampler);
  await receiver.close();
});

const validJson = fixtureText('traces/order-flow.json');

/** `size` bytes of zeros through a streaming compressor, never holding the plain bytes in memory. */
async function bomb(compressor: ReturnType<typeof createGzip>, size: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  compressor.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => compressor.on('end', resolve));
  const zeros = Buffer.alloc(MiB);
  for (let written = 0; written < size; written += MiB) {
    if (!compressor.write(zeros)) await new Promise((resolve) => compressor.once('drain', resolve));
  }
  compressor.end();
  await done;
  return Buffer.concat(chunks);
}

/** A body sent as `repeat` writes of one chunk, so the client side holds only the chunk. */
interface Repeated {
  readonly chunk: Buffer;
  readonly repeat: number;
}

function writeBody(req: ReturnType<typeof httpRequest>, body: Buffer | Repeated): void {
  if (Buffer.isBuffer(body)) return void req.end(body);
  let left = body.repeat;
  const next = () => {
    while (left > 0) {
      left -= 1;
      if (!req.write(body.chunk)) return void req.once('drain', next);
    }
    req.end();
  };
  next();
}

/** Posts with node:http so a reset surfaces as an error instead of a retry, and the status is read as sent. */
function post(body: Buffer | Repeated, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${receiver.httpTracesUrl}`,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    writeBody(req, body);
  });
}

async function stillServes(): Promise<void> {
  const ok = await post(Buffer.from(validJson), {});
  expect(ok.status).toBe(200);
}

describe('hostile input to the OTLP receiver', () => {
  it('answers a body over the cap with 413, not a reset', async () => {
    const size = 65 * MiB;
    const response = await post({ chunk: Buffer.alloc(MiB, 0x20), repeat: 65 }, { 'content-length': String(size) });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.text)).toMatchObject({ code: 8 });
    await stillServes();
  });

  it('answers a chunked body over the cap with 413', async () => {
    const response = await post({ chunk: Buffer.alloc(MiB, 0x20), repeat: 65 }, { 'transfer-encoding': 'chunked' });
    expect(response.status).toBe(413);
    await stillServes();
  });

  it.each([
    ['gzip', createGzip],
    ['deflate', createDeflate],
  ] as const)(
    'stops inflating a %s bomb at the cap (256 MiB of zeros in a few hundred KB) with 413',
    async (encoding, zip) => {
      const body = await bomb(zip(), 256 * MiB);
      expect(body.length).toBeLessThan(MiB);
      const response = await post(body, { 'content-encoding': encoding });
      expect(response.status).toBe(413);
      expect(response.text).toMatch(/exceeds the receiver's limit/);
      await stillServes();
    },
  );

  it('still accepts a gzip body under the cap', async () => {
    const response = await post(gzipSync(validJson), { 'content-encoding': 'gzip' });
    expect(response.status).toBe(200);
  });

  it.each(['br', 'zstd', 'gzip, br', 'x-unknown'])('answers Content-Encoding %j with 415', async (encoding) => {
    const response = await post(Buffer.from(validJson), { 'content-encoding': encoding });
    expect(response.status).toBe(415);
    await stillServes();
  });

  it('answers bytes that are not what their Content-Encoding says with 400', async () => {
    const response = await post(Buffer.from(validJson), { 'content-encoding': 'gzip' });
    expect(response.status).toBe(400);
    await stillServes();
  });

  it('answers a gRPC message over the cap with RESOURCE_EXHAUSTED and keeps serving', async () => {
    const small = await startOtlpReceiver({ httpPort: false, maxRequestBytes: MiB });
    try {
      const client = new grpc.Client(`127.0.0.1:${small.grpcPort}`, grpc.credentials.createInsecure());
      const call = (body: Buffer) =>
        new Promise<grpc.ServiceError | null>((resolve) => {
          client.makeUnaryRequest(
            '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
            (b: Buffer) => b,
            (b: Buffer) => b,
            body,
            (error) => resolve(error),
          );
        });
      expect((await call(Buffer.alloc(2 * MiB)))?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
      expect(await call(Buffer.alloc(0))).toBeNull();
      client.close();
    } finally {
      await small.close();
    }
  });

  it('counts refused requests by status and names the last one in a waitForTrace timeout', async () => {
    const stats = receiver.stats();
    expect(stats.rejected['413']).toBeGreaterThanOrEqual(4);
    expect(stats.rejected['415']).toBeGreaterThanOrEqual(4);
    expect(stats.rejected['400']).toBeGreaterThanOrEqual(1);
    const error = await receiver.waitForTrace('0af7651916cd43dd8448eb211c80319c', { timeoutMs: 50 }).catch((e) => e);
    expect(isTraceAssertionError(error, 'TRACE_TIMEOUT')).toBe(true);
    expect((error as Error).message).toMatch(/The receiver last refused a request: HTTP \d{3}: /);
  });

  it(`stays under ${RSS_GROWTH_BOUND_BYTES / MiB} MiB of RSS growth through every hostile request`, async ({
    annotate,
  }) => {
    const growth = rssPeak - rssBefore;
    expect(Number.isFinite(growth), 'RSS readable').toBe(true);
    const measured = `RSS ${Math.round(rssBefore / MiB)} → peak ${Math.round(rssPeak / MiB)} MiB`;
    await annotate(measured);
    expect(growth, measured).toBeLessThan(RSS_GROWTH_BOUND_BYTES);
  });
});
