import { describe, expect, it } from 'vitest';
import { prng } from '../test-support/prng.ts';
import { decodeProtobufMessage } from './codec.ts';
import { otlpTypes } from './proto-root.ts';
import { decodeWireRequest } from './wire-decode.ts';

const id = (hex: string) => Buffer.from(hex, 'hex');
const TRACE = '0af7651916cd43dd8448eb211c80319c';
const kv = (key: string, value: object) => ({ key, value });

const spans = [0, 1, 2, 3, 4, 5].map((kind) => ({
  traceId: id(TRACE),
  spanId: id(`b7ad6b716920333${kind}`),
  ...(kind > 0 ? { parentSpanId: id('b7ad6b7169203330') } : {}),
  name: kind === 3 ? '' : `op ${kind}`,
  kind,
  startTimeUnixNano: `170000000000000000${kind}`,
  endTimeUnixNano: `17000000001${kind}0000000`,
  ...(kind === 2 ? { traceState: 'vendor=1' } : {}),
  ...(kind === 4 ? { status: { code: 2, message: 'boom' } } : kind === 1 ? { status: { code: 1 } } : {}),
  attributes: [
    kv('s', { stringValue: `v${kind % 2}` }),
    kv('empty', { stringValue: '' }),
    kv('b', { boolValue: kind % 2 === 0 }),
    kv('i', { intValue: kind === 5 ? '-9223372036854775808' : String(kind * 1000) }),
    kv('big', { intValue: '9007199254740993' }),
    kv('neg', { intValue: '-7' }),
    kv('d', { doubleValue: kind / 3 }),
    kv('arr', { arrayValue: { values: [{ stringValue: 'x' }, { intValue: '2' }, { arrayValue: {} }] } }),
    kv('kv', { kvlistValue: { values: [kv('inner', { boolValue: true }), { key: 'novalue' }] } }),
    kv('bytes', { bytesValue: Buffer.from('hi') }),
    { key: 'absent' },
    kv('s', { stringValue: 'later wins' }),
  ],
  ...(kind === 5
    ? {
        events: [{ timeUnixNano: '1700000000000000009', name: 'e', attributes: [kv('k', { intValue: '1' })] }, {}],
        links: [
          { traceId: id('1'.repeat(32)), spanId: id('2'.repeat(16)), attributes: [kv('l', { stringValue: 'y' })] },
        ],
      }
    : {}),
}));

const request = {
  resourceSpans: [
    {
      resource: { attributes: [kv('service.name', { stringValue: 'order-service' }), kv('n', { intValue: '3' })] },
      scopeSpans: [
        {
          scope: { name: 'lib', version: '1.2', attributes: [kv('a', { stringValue: 'b' })] },
          spans: spans.slice(0, 3),
        },
        { spans: spans.slice(3) },
      ],
    },
    { scopeSpans: [{ scope: { name: 'other' }, spans: spans.slice(0, 1) }] },
    { resource: { attributes: [kv('service.name', { intValue: '5' })] }, scopeSpans: [{ spans: spans.slice(5) }] },
  ],
};

function encode(value: object): Buffer {
  const { exportRequest } = otlpTypes();
  return Buffer.from(exportRequest.encode(exportRequest.fromObject(value)).finish());
}

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
