import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJsonRequest, decodeProtobufRequest } from '../otlp/codec.ts';
import { otlpTypes } from '../otlp/proto-root.ts';
import { OtlpShapeError } from '../otlp/to-spans.ts';
import { fixtureText } from '../test-support/fixtures.ts';
import { prng } from '../test-support/prng.ts';
import { type OtlpReceiver, startOtlpReceiver } from './start-otlp-receiver.ts';

const SEED = 0x5eed_0015;
const ITERATIONS = 600;

const jsonSeed = fixtureText('traces/order-flow.json');
const protoSeed = (() => {
  const { exportRequest } = otlpTypes();
  const id = (hex: string) => Buffer.from(hex, 'hex');
  const span = {
    traceId: id('0af7651916cd43dd8448eb211c80319c'),
    spanId: id('b7ad6b7169203331'),
    name: 'GET /orders',
    kind: 2,
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000100000000',
    attributes: [{ key: 'http.response.status_code', value: { intValue: '200' } }],
  };
  const request = { resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans: [span] }] }] };
  return Buffer.from(exportRequest.encode(exportRequest.fromObject(request)).finish());
})();

/** One mutation of `input`: flip bits, overwrite, insert, delete, truncate or duplicate a slice. */
function mutate(input: Buffer, random: () => number): Buffer {
  const bytes = Buffer.from(input);
  const at = Math.floor(random() * bytes.length);
  const byte = Math.floor(random() * 256);
  switch (Math.floor(random() * 6)) {
    case 0:
      bytes[at] = (bytes[at] ?? 0) ^ (1 << Math.floor(random() * 8));
      return bytes;
    case 1:
      bytes[at] = byte;
      return bytes;
    case 2:
      return Buffer.concat([bytes.subarray(0, at), Buffer.from([byte]), bytes.subarray(at)]);
    case 3:
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1 + Math.floor(random() * 16))]);
    case 4:
      return bytes.subarray(0, at);
    default:
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at, at + 64), bytes.subarray(at)]);
  }
}

function mutants(input: Buffer, seed: number): Buffer[] {
  const random = prng(seed);
  return Array.from({ length: ITERATIONS }, () => {
    let current = input;
    for (let rounds = 1 + Math.floor(random() * 4); rounds > 0; rounds -= 1) current = mutate(current, random);
    return current;
  });
}

/** The decoder either returns a result or throws its typed error: anything else is a crash. */
function decodeOrShapeError(decode: () => unknown): 'decoded' | 'refused' {
  try {
    decode();
    return 'decoded';
  } catch (error) {
    if (error instanceof OtlpShapeError) return 'refused';
    throw error;
  }
}

describe(`decoder fuzz (seed ${SEED.toString(16)}, ${ITERATIONS} inputs per decoder)`, () => {
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });
  afterAll(async () => receiver.close());

  it.each([
    ['protobuf', protoSeed, (body: Buffer) => decodeProtobufRequest(body)],
    ['JSON', Buffer.from(jsonSeed), (body: Buffer) => decodeJsonRequest(body.toString('utf8'))],
  ] as const)('the %s decoder only ever decodes or throws OtlpShapeError', (_name, seed, decode) => {
    const outcomes = mutants(seed, SEED).map((input, index) => {
      try {
        return decodeOrShapeError(() => decode(input));
      } catch (error) {
        throw new Error(`input ${index} of seed ${SEED}: ${String(error)}`, { cause: error });
      }
    });
    expect(outcomes).toContain('refused');
  });

  it.each([
    ['application/x-protobuf', protoSeed],
    ['application/json', Buffer.from(jsonSeed)],
  ] as const)(
    'the HTTP receiver answers every mutated %s body with 200 or 400 and keeps serving',
    async (type, seed) => {
      const statuses = new Set<number>();
      for (const body of mutants(seed, SEED + 1).slice(0, 250)) {
        const response = await fetch(receiver.httpTracesUrl, {
          method: 'POST',
          headers: { 'content-type': type },
          body,
        });
        await response.arrayBuffer();
        statuses.add(response.status);
      }
      expect([...statuses].filter((status) => status !== 200 && status !== 400)).toEqual([]);
      const ok = await fetch(receiver.httpTracesUrl, { method: 'POST', headers: { 'content-type': type }, body: seed });
      expect(ok.status).toBe(200);
    },
  );

  it('the gRPC receiver answers every mutated body with OK or INVALID_ARGUMENT and keeps serving', async () => {
    const client = new grpc.Client(`127.0.0.1:${receiver.grpcPort}`, grpc.credentials.createInsecure());
    const call = (body: Buffer) =>
      new Promise<number>((resolve) => {
        client.makeUnaryRequest(
          '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
          (b: Buffer) => b,
          (b: Buffer) => b,
          body,
          (error) => resolve(error?.code ?? grpc.status.OK),
        );
      });
    const codes = new Set<number>();
    for (const body of mutants(protoSeed, SEED + 2).slice(0, 150)) codes.add(await call(body));
    expect([...codes].filter((code) => code !== grpc.status.OK && code !== grpc.status.INVALID_ARGUMENT)).toEqual([]);
    expect(await call(protoSeed)).toBe(grpc.status.OK);
    client.close();
  });
});
