import { randomBytes } from 'node:crypto';
import { type PostgresServerHandle, startPostgres, startPostgresServer } from '@tracegate/harness';
import { checkServerSpanStatus, httpStatusOf, type OtlpReceiver, startOtlpReceiver } from '@tracegate/trace-assertions';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { orderBody, request } from './support/http.ts';
import { type Databases, type ServiceUnderTest, startReferenceService } from './support/service-process.ts';

// A dependency failure (the databases dropped under the running service) answers 500: OpenTelemetry's HTTP
// semantic conventions want that server span marked ERROR, as the effects gate checks.
describe('server span of a 5xx response', () => {
  let receiver: OtlpReceiver;
  let server: PostgresServerHandle;
  let databases: Databases;
  let service: ServiceUnderTest;

  beforeAll(async () => {
    receiver = await startOtlpReceiver({ httpPort: false });
    server = await startPostgresServer();
    const handle = await startPostgres({ databases: ['order', 'payment'], databaseUrl: server.url, env: {} });
    databases = {
      env: { ORDER_DATABASE_URL: handle.urls.order ?? '', PAYMENT_DATABASE_URL: handle.urls.payment ?? '' },
      stop: () => handle.stop(),
    };
    service = await startReferenceService({
      brokers: inject('kafkaBrokers'),
      label: 'server-error',
      databases,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.grpcEndpoint },
    });
  }, 120_000);

  afterAll(async () => {
    await service?.stopProcess();
    await server?.stop();
    await receiver?.close();
  });

  it('is marked ERROR when the order store is gone', async () => {
    const created = await request(`${service.url}/orders`, { body: orderBody() });
    expect(created.status).toBe(201);
    await databases.stop();
    const traceId = randomBytes(16).toString('hex');
    const failed = await request(`${service.url}/orders/${(created.body as { id: string }).id}`, {
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    });
    expect(failed.status).toBe(500);
    const trace = await receiver.waitForTrace(traceId, { until: [{ kind: 'server' }], timeoutMs: 10_000 });
    const [span] = trace.spans.filter((candidate) => candidate.kind === 'server');
    expect(span && httpStatusOf(span)).toBe(500);
    expect(span?.status.code).toBe('error');
    expect(checkServerSpanStatus(trace.spans)).toEqual([]);
  });
});
