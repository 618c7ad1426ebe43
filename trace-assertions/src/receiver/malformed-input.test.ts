import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureText } from '../test-support/fixtures.ts';
import { type OtlpReceiver, startOtlpReceiver } from './start-otlp-receiver.ts';

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  await receiver.close();
});

function post(body: string | Uint8Array, type: string, path = '/v1/traces') {
  return fetch(`${receiver.httpEndpoint}${path}`, { method: 'POST', headers: { 'content-type': type }, body });
}

function grpcExport(body: Buffer): Promise<{ error: grpc.ServiceError | null; response?: Buffer }> {
  const client = new grpc.Client(`127.0.0.1:${receiver.grpcPort}`, grpc.credentials.createInsecure());
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
      (b: Buffer) => b,
      (b: Buffer) => b,
      body,
      (error, response) => {
        client.close();
        resolve({ error, ...(response ? { response } : {}) });
      },
    );
  });
}

const validJson = fixtureText('traces/order-flow.json');

describe('malformed OTLP input', () => {
  it.each([
    ['not JSON', '{"resourceSpans": [', 'application/json', 400],
    ['wrong shape', '{"resourceSpans": 5}', 'application/json', 400],
    ['a JSON array', '[]', 'application/json', 400],
    ['garbage protobuf', new Uint8Array([0x0a, 0xff, 0xff, 0xff]), 'application/x-protobuf', 400],
    ['unsupported content type', 'x', 'text/plain', 415],
  ] as const)('answers %s with HTTP %s and keeps working', async (_label, body, type, status) => {
    const response = await post(body, type);
    expect(response.status).toBe(status);
    await response.arrayBuffer();
    const ok = await post(validJson, 'application/json');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({});
  });

  it('answers an unknown path with 404', async () => {
    const response = await post(validJson, 'application/json', '/v1/metrics');
    expect(response.status).toBe(404);
    await response.arrayBuffer();
  });

  it('answers a malformed gRPC request with INVALID_ARGUMENT and keeps serving', async () => {
    const bad = await grpcExport(Buffer.from([0x0a, 0xff, 0xff, 0xff]));
    expect(bad.error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    const good = await grpcExport(Buffer.alloc(0));
    expect(good.error).toBeNull();
    expect(receiver.stats().invalidRequests).toBeGreaterThanOrEqual(1);
  });

  it('reports a partial success when some spans carry invalid ids', async () => {
    const doc = JSON.parse(validJson);
    doc.resourceSpans[0].scopeSpans[0].spans[0].traceId = 'not-hex';
    doc.resourceSpans[0].scopeSpans[0].spans[1].spanId = '00000000000000';
    const response = await post(JSON.stringify(doc), 'application/json');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
    expect(body.partialSuccess.rejectedSpans).toBe('2');
    expect(body.partialSuccess.errorMessage).toContain('invalid trace_id "not-hex"');
    expect(receiver.store.trace('5bf92f3577b34da6a3ce929d0e0e4737')?.spans.length).toBe(2);
  });
});
