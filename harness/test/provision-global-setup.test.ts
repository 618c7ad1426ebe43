import kafkajs from 'kafkajs';
import { describe, expect, inject, it } from 'vitest';

const { Kafka, logLevel } = kafkajs;

describe('integration global setup', () => {
  it('provides the run-wide Kafka: brokers, strategy and version', () => {
    expect(inject('kafkaBrokers')).toMatch(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/);
    expect(['external', 'testcontainers', 'jvm']).toContain(inject('kafkaStrategy'));
    const version = inject('kafkaVersion');
    expect(inject('kafkaStrategy') === 'external' ? version === 'unknown' : /^\d+\.\d+\.\d+/.test(version)).toBe(true);
  });

  it('provides databaseUrl exactly when DATABASE_URL is set', () => {
    expect(inject('databaseUrl')).toBe(process.env.DATABASE_URL);
  });

  it('the provided broker takes a message and gives it back', async () => {
    const kafka = new Kafka({
      clientId: 'global-setup-test',
      brokers: inject('kafkaBrokers').split(','),
      logLevel: logLevel.NOTHING,
    });
    const topic = `provision.global-setup.${process.pid}`;
    const producer = kafka.producer({ allowAutoTopicCreation: true });
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'ping', headers: { 'x-correlation-id': 'gs-1' } }] });
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    const [partition] = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    expect(partition?.high).toBe('1');
  });
});
