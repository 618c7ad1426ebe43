/** Files of the throwaway project that installs the packed tarball: an ESM script and a type check. */

/** Run with plain `node`: starts a receiver, posts OTLP/JSON with fetch, waits and selects a span. */
export const CONSUMER_SCRIPT = `import { findSpans, isTraceAssertionError, startOtlpReceiver } from '@tracegate/trace-assertions';

const receiver = await startOtlpReceiver();
try {
  const traceId = '0af7651916cd43dd8448eb211c80319c';
  const span = (spanId, parentSpanId, name, kind) => ({
    traceId, spanId, parentSpanId, name, kind,
    startTimeUnixNano: '1767225600000000000',
    endTimeUnixNano: '1767225600050000000',
    attributes: [{ key: 'messaging.destination.name', value: { stringValue: 'orders.created' } }],
  });
  const body = {
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'packed-service' } }] },
      scopeSpans: [{ scope: { name: 'pack-test' }, spans: [
        span('b7ad6b7169203331', '', 'POST /orders', 2),
        span('c7ad6b7169203332', 'b7ad6b7169203331', 'orders.created publish', 4),
      ] }],
    }],
  };
  const response = await fetch(receiver.httpTracesUrl, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error('export answered HTTP ' + response.status);
  const trace = await receiver.waitForTrace(traceId, { until: ['span[kind="producer"]'], timeoutMs: 5000, settleMs: 10 });
  const [producer] = findSpans(trace, 'span[kind="server"] > span[service.name="packed-service" kind="producer"]');
  if (producer === undefined) throw new Error('the selector found no producer span');
  let code;
  try {
    findSpans(trace, 'span[');
  } catch (error) {
    code = isTraceAssertionError(error) ? error.code : 'not a TraceAssertionError';
  }
  console.log(JSON.stringify({
    spans: trace.spans.length,
    producer: producer.name,
    grpc: receiver.grpcEndpoint.startsWith('http://127.0.0.1:'),
    selectorError: code,
    main: import.meta.resolve('@tracegate/trace-assertions'),
    vitest: import.meta.resolve('@tracegate/trace-assertions/vitest'),
  }));
} finally {
  await receiver.close();
}
`;

/** Type-checked with the workspace's tsc against the installed package's declarations. */
export const TYPE_CHECK = `import { type OtlpReceiver, type Span, startOtlpReceiver, findSpans } from '@tracegate/trace-assertions';
import type {} from '@tracegate/trace-assertions/vitest';

const receiver: OtlpReceiver = await startOtlpReceiver({ httpPort: 0 });
const spans: Span[] = findSpans(receiver.store.spans(), { kind: 'server' });
const first: string | undefined = spans[0]?.service;
// @ts-expect-error kind is a union of span kinds: a typo must not compile
findSpans(spans, { kind: 'sever' });
export { first };
`;

/** tsconfig of the type check (no @types/node needed: only the package's own types are exercised). */
export const TSCONFIG = JSON.stringify({
  compilerOptions: {
    target: 'es2024',
    lib: ['es2024'],
    module: 'nodenext',
    moduleResolution: 'nodenext',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  },
  files: ['check-types.ts'],
});
