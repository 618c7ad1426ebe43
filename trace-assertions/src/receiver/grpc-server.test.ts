import { connect } from 'node:http2';
import { describe, expect, it } from 'vitest';
import { startOtlpReceiver } from './start-otlp-receiver.ts';

const EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
// An upper bound for a hang, not a timing target: close() forces the shutdown after about 2 s.
const HANG_BOUND_MS = 15_000;

describe('gRPC OTLP server close', () => {
  it('ends while a client that never reads its answer keeps the connection open', async () => {
    const receiver = await startOtlpReceiver();
    const session = connect(`http://127.0.0.1:${receiver.grpcPort}`);
    session.on('error', () => {});
    try {
      const stream = session.request({ ':method': 'POST', ':path': EXPORT_PATH, 'content-type': 'application/grpc' });
      stream.on('error', () => {});
      const answered = new Promise((resolve) => stream.once('response', resolve));
      stream.end(Buffer.from([0, 0, 0, 0, 0])); // one empty ExportTraceServiceRequest; the body is never read
      await answered;
      const bound = new Promise<'still open'>((resolve) => setTimeout(resolve, HANG_BOUND_MS, 'still open').unref());
      const outcome = await Promise.race([receiver.close().then(() => 'closed' as const), bound]);
      expect(outcome).toBe('closed');
    } finally {
      session.destroy();
    }
  }, 30_000);
});
