import type { OtlpReceiver } from '@tracegate/trace-assertions';
import { startOtlpReceiver } from '@tracegate/trace-assertions';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { orderBody, request } from './support/http.ts';
import type { ServiceUnderTest } from './support/service-process.ts';
import { startReferenceService } from './support/service-process.ts';

describe('span flush on shutdown', () => {
  let receiver: OtlpReceiver;
  let service: ServiceUnderTest;

  beforeAll(async () => {
    receiver = await startOtlpReceiver({ httpPort: false });
    service = await startReferenceService({
      brokers: inject('kafkaBrokers'),
      label: 'flush',
      // Batches would wait a minute: only the shutdown flush can deliver the spans in time.
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.grpcEndpoint, OTEL_BSP_SCHEDULE_DELAY: '60000' },
    });
  });

  afterAll(async () => {
    await service?.stop();
    await receiver?.close();
  });

  it('exports every pending span before exiting on SIGTERM', async () => {
    const created = await request(`${service.url}/orders`, { body: orderBody() });
    const orderId = (created.body as { id: string }).id;
    const line = await service.logs.waitFor({ message: 'order updated from payment', fields: { orderId } });
    expect(receiver.store.trace(line.traceId ?? '')).toBeUndefined();
    expect(await service.stopProcess()).toEqual({ code: 0, signal: null });
    const trace = await receiver.waitForTrace(line.traceId ?? '', {
      until: [{ kind: 'server' }, { kind: 'producer' }, { kind: 'consumer' }],
      timeoutMs: 5_000,
    });
    expect(trace.spans.length).toBeGreaterThanOrEqual(5);
  });
});
