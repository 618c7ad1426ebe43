import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { REPO_ROOT, startAsyncApiTrafficTap } from '@tracegate/harness/testing';
import { Kafka, logLevel } from 'kafkajs';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { type InventoryService, reserve, startInventoryService } from './inventory-service.ts';

const running: InventoryService[] = [];
afterEach(async () => {
  for (const service of running.splice(0)) await service.stop();
});

async function tapAround(asyncapi: string, faults: string, act: (url: string, mark: string) => Promise<void>) {
  const service = await startInventoryService(inject('kafkaBrokers'), faults);
  running.push(service);
  const mark = `tap-${randomUUID()}`;
  const tap = await startAsyncApiTrafficTap({
    asyncapiPath: join(REPO_ROOT, asyncapi),
    brokers: inject('kafkaBrokers'),
    // The broker is shared with other test files: judge only this test's messages.
    accept: (m) => m.headers['x-correlation-id'] === mark || m.topic.startsWith('tap-undeclared-'),
  });
  await act(service.url, mark);
  return tap.stop();
}

describe('asyncapi-traffic tap', () => {
  it('passes valid traffic of the good service', async () => {
    const result = await tapAround('fixtures/inventory-service/asyncapi.yaml', '', async (url, mark) => {
      expect(await reserve(url, mark)).toBe(201);
      expect(await reserve(url, mark, 3)).toBe(201);
    });
    expect(result.messages).toBe(2);
    expect(result.checks.map((c) => `${c.status} ${c.name} ${c.message}`)).toEqual([expect.stringMatching(/^passed /)]);
  });

  it('fails a message without traceparent, showing the offending message', async () => {
    const result = await tapAround(
      'fixtures/inventory-service/asyncapi.yaml',
      'drop-trace-context',
      async (url, mark) => {
        expect(await reserve(url, mark)).toBe(201);
      },
    );
    const [summary, ...rest] = result.checks;
    expect(summary).toMatchObject({ status: 'failed', name: expect.stringContaining('Kafka traffic matches') });
    const failed = rest.filter((c) => c.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.message).toContain("headers must have required property 'traceparent'");
    expect(failed[0]?.evidence?.[0]).toMatchObject({
      kind: 'kafka-message',
      topic: 'inventory.reserved',
      value: expect.stringContaining('"sku":"SKU-1"'),
    });
  });

  it('fails real traffic against an AsyncAPI copy with a renamed event field', async () => {
    const result = await tapAround(
      'fixtures/contracts/inventory-asyncapi-renamed-field.yaml',
      '',
      async (url, mark) => {
        expect(await reserve(url, mark)).toBe(201);
      },
    );
    const [summary, ...rest] = result.checks;
    expect(summary).toMatchObject({ status: 'failed', name: expect.stringContaining('Kafka traffic matches') });
    const failed = rest.filter((c) => c.status === 'failed');
    expect(failed[0]?.message).toContain("payload must have required property 'qty'");
  });

  it('fails a message on a topic the document does not declare', async () => {
    const topic = `tap-undeclared-${randomUUID().slice(0, 8)}`;
    const kafka = new Kafka({ brokers: inject('kafkaBrokers').split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const result = await tapAround('fixtures/inventory-service/asyncapi.yaml', '', async () => {
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic, messages: [{ key: 'k', value: '{"hello":"world"}' }] });
      await producer.disconnect();
    });
    const [summary, ...rest] = result.checks;
    expect(summary).toMatchObject({ status: 'failed', name: expect.stringContaining('Kafka traffic matches') });
    const failed = rest.filter((c) => c.status === 'failed');
    expect(failed.map((c) => c.name)).toEqual([expect.stringContaining(`${topic} is declared in`)]);
    expect(failed[0]?.evidence?.[0]).toMatchObject({ kind: 'kafka-message', topic, value: '{"hello":"world"}' });
  });
});
