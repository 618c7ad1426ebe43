import { describe, expect, it } from 'vitest';
import { prng } from '../test-support/prng.ts';
import {
  encodeRequest as encode,
  id,
  everyFieldRequest as request,
  everyFieldSpans as spans,
} from '../test-support/wire-request.ts';
import { decodeProtobufMessage } from './codec.ts';
import { otlpTypes } from './proto-root.ts';
import { decodeWireRequest } from './wire-decode.ts';

function general(body: Uint8Array): unknown {
  try {
    return decodeProtobufMessage(body);
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

describe('decodeWireRequest', () => {
  const body = encode(request);

  it('reads every field, value type, scope and resource into the spans the general path builds', () => {
    const fast = decodeWireRequest(body);
    expect(fast?.spans).toHaveLength(8);
    expect(fast).toEqual(general(body));
  });

  it('reads fields in any order on the wire, as the general path does', () => {
    const { exportRequest } = otlpTypes();
    const message = exportRequest.decode(body);
    const reordered = Buffer.concat([body.subarray(body.length - 40), body.subarray(0, body.length - 40)]);
    const verdict = decodeWireRequest(reordered);
    expect(verdict === undefined || JSON.stringify(verdict) === JSON.stringify(general(reordered))).toBe(true);
    expect(message).toBeDefined();
  });

  it.each([
    [
      'an invalid trace id',
      { ...request, resourceSpans: [{ scopeSpans: [{ spans: [{ ...spans[0], traceId: id('00') }] }] }] },
    ],
    ['an unknown kind', { resourceSpans: [{ scopeSpans: [{ spans: [{ ...spans[0], kind: 9 }] }] }] }],
    [
      'an unknown status code',
      { resourceSpans: [{ scopeSpans: [{ spans: [{ ...spans[0], status: { code: 7 } }] }] }] },
    ],
    ['a link without ids', { resourceSpans: [{ scopeSpans: [{ spans: [{ ...spans[0], links: [{}] }] }] }] }],
  ])('leaves %s to the general path', (_label, value) => {
    const bytes = encode(value);
    expect(decodeWireRequest(bytes)).toBeUndefined();
    expect((general(bytes) as { rejected: number }).rejected).toBe(1);
  });

  it('agrees with the general path on 400 mutated requests, or leaves them to it', () => {
    const random = prng(0x5eed_0016);
    let fastCount = 0;
    for (let i = 0; i < 400; i += 1) {
      const bytes = Buffer.from(body);
      for (let flips = 1 + Math.floor(random() * 3); flips > 0; flips -= 1) {
        const at = Math.floor(random() * bytes.length);
        bytes[at] = Math.floor(random() * 256);
      }
      const fast = decodeWireRequest(bytes);
      if (fast === undefined) continue;
      fastCount += 1;
      expect({ i, result: fast }).toEqual({ i, result: general(bytes) });
    }
    expect(fastCount).toBeGreaterThan(20);
  });
});
