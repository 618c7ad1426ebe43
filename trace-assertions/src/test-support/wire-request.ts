import { otlpTypes } from '../otlp/proto-root.ts';

/** Id bytes from hex. */
export const id = (hex: string) => Buffer.from(hex, 'hex');
const TRACE = '0af7651916cd43dd8448eb211c80319c';
const kv = (key: string, value: object) => ({ key, value });

/** Six spans, one per kind value, with every attribute value type; the last has events and a link. */
export const everyFieldSpans = [0, 1, 2, 3, 4, 5].map((kind) => ({
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

/** A request using every span field and attribute value type, over several resources and scopes. */
export const everyFieldRequest = {
  resourceSpans: [
    {
      resource: { attributes: [kv('service.name', { stringValue: 'order-service' }), kv('n', { intValue: '3' })] },
      scopeSpans: [
        {
          scope: { name: 'lib', version: '1.2', attributes: [kv('a', { stringValue: 'b' })] },
          spans: everyFieldSpans.slice(0, 3),
        },
        { spans: everyFieldSpans.slice(3) },
      ],
    },
    { scopeSpans: [{ scope: { name: 'other' }, spans: everyFieldSpans.slice(0, 1) }] },
    {
      resource: { attributes: [kv('service.name', { intValue: '5' })] },
      scopeSpans: [{ spans: everyFieldSpans.slice(5) }],
    },
  ],
};

/** Encodes an ExportTraceServiceRequest given as a protobufjs object. */
export function encodeRequest(value: object): Buffer {
  const { exportRequest } = otlpTypes();
  return Buffer.from(exportRequest.encode(exportRequest.fromObject(value)).finish());
}
