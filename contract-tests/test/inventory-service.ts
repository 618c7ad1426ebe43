import { join } from 'node:path';
import { createTopics, startProcess } from '@tracegate/harness';
import { REPO_ROOT } from '@tracegate/harness/testing';
import { startOtlpReceiver } from '@tracegate/trace-assertions';

/** A running fixtures/inventory-service; `stop()` ends it. */
export interface InventoryService {
  readonly name: 'inventory-service';
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts fixtures/inventory-service on a free port against `brokers`, with optional `INVENTORY_FAULTS`. */
export async function startInventoryService(brokers: string, faults = ''): Promise<InventoryService> {
  await createTopics(brokers, [{ topic: 'inventory.reserved', numPartitions: 1 }]);
  // The service sets up OpenTelemetry (and so writes traceparent) only when it has somewhere to export to.
  const receiver = await startOtlpReceiver({});
  const child = await startProcess({
    name: 'inventory-service',
    command: [process.execPath, 'src/main.js'],
    cwd: join(REPO_ROOT, 'fixtures/inventory-service'),
    env: {
      PORT: '0',
      KAFKA_BROKERS: brokers,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.grpcEndpoint,
      GROUP_PREFIX: `t${Date.now()}-`,
      INVENTORY_FAULTS: faults,
    },
    portFrom: { logPattern: '"port":(\\d+)' },
    readyUrl: 'http://127.0.0.1:{port}/health',
    timeoutMs: 30_000,
  });
  if (!child.url) throw new Error('inventory-service printed no port');
  const stop = async () => {
    await child.stop({ signal: 'SIGTERM', timeoutMs: 5_000 });
    await receiver.close();
  };
  return { name: 'inventory-service', url: child.url, stop };
}

/** Places a reservation with a correlation id the test can recognise its messages by. */
export async function reserve(url: string, correlationId: string, quantity = 2): Promise<number> {
  const response = await fetch(`${url}/reservations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-correlation-id': correlationId },
    body: JSON.stringify({ sku: 'SKU-1', quantity }),
  });
  await response.arrayBuffer();
  return response.status;
}
