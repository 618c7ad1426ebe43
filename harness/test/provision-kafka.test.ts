import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive } from '../src/provision/cleanup.ts';
import { startKafka } from '../src/provision/kafka/start-kafka.ts';
import { createTopics } from '../src/provision/kafka/topics.ts';
import type { KafkaHandle } from '../src/provision/types.ts';

const { Kafka, logLevel } = kafkajs;

describe('Kafka on the local JVM (KRaft, jars from Maven Central)', () => {
  const log: string[] = [];
  let kafka: KafkaHandle;
  const topic = 'provision.orders';
  const groupId = 'provision-test';

  beforeAll(async () => {
    kafka = await startKafka({ strategy: 'jvm', log: (line) => log.push(line) });
  }, 300_000);
  afterAll(() => kafka?.stop());

  const client = () => new Kafka({ clientId: 'provision-test', brokers: kafka.brokers, logLevel: logLevel.NOTHING });

  async function consumeOne(fromBeginning: boolean): Promise<kafkajs.KafkaMessage> {
    const consumer = client().consumer({ groupId });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning });
      return await new Promise<kafkajs.KafkaMessage>((resolve, reject) => {
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ message, partition }) => {
              const next = (BigInt(message.offset) + 1n).toString();
              await consumer.commitOffsets([{ topic, partition, offset: next }]);
              resolve(message);
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
  }

  async function produce(value: string, headers: Record<string, string>): Promise<void> {
    const producer = client().producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'order-1', value, headers }] });
    await producer.disconnect();
  }

  async function committed(): Promise<string | undefined> {
    const admin = client().admin();
    await admin.connect();
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    await admin.disconnect();
    return offsets?.partitions[0]?.offset;
  }

  it('reports strategy, version, brokers and ready time in one log line', () => {
    expect(kafka).toMatchObject({ strategy: 'jvm', version: '4.1.1' });
    expect(kafka.brokers).toEqual([expect.stringMatching(/^127\.0\.0\.1:\d+$/)]);
    expect(kafka.bootstrap).toBe(kafka.brokers.join(','));
    const line = log.find((entry) => entry.includes('strategy=jvm'));
    expect(line).toMatch(/^kafka: strategy=jvm version=4\.1\.1 brokers=127\.0\.0\.1:\d+ ready in \d+\.\ds/);
  });

  it('produces with headers, consumes in a group and commits (kafkajs 2.2.4)', async () => {
    await createTopics(kafka.bootstrap, [topic]);
    await produce('{"orderId":"o-1"}', {
      'x-correlation-id': 'corr-1',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
    const message = await consumeOne(true);
    expect(message.value?.toString()).toBe('{"orderId":"o-1"}');
    expect(message.headers?.['x-correlation-id']?.toString()).toBe('corr-1');
    expect(message.headers?.traceparent?.toString()).toMatch(/^00-0af7/);
    expect(await committed()).toBe('1');
  });

  it('restart keeps ports, topic data and committed offsets', async () => {
    const before = { brokers: kafka.bootstrap, pid: kafka.brokerPid?.() };
    await kafka.restart?.();
    expect(kafka.bootstrap).toBe(before.brokers);
    expect(kafka.brokerPid?.()).not.toBe(before.pid);
    expect(isAlive(before.pid ?? 0)).toBe(false);
    expect(await committed()).toBe('1');
    await produce('{"orderId":"o-2"}', { 'x-correlation-id': 'corr-2' });
    const message = await consumeOne(true);
    expect(message.headers?.['x-correlation-id']?.toString()).toBe('corr-2');
    expect(await committed()).toBe('2');
  });

  it('stopBroker takes the broker down and startBroker brings it back on the same port', async () => {
    const pid = kafka.brokerPid?.();
    await kafka.stopBroker?.();
    expect(kafka.brokerPid?.()).toBeUndefined();
    expect(isAlive(pid ?? 0)).toBe(false);
    const admin = new Kafka({
      clientId: 'provision-test-down',
      brokers: kafka.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
      connectionTimeout: 500,
    }).admin();
    await expect(admin.connect()).rejects.toThrow();
    await kafka.startBroker?.();
    expect(await committed()).toBe('2');
  });

  it('killBroker SIGKILLs the JVM and startBroker recovers its data on the same port', async () => {
    const pid = kafka.brokerPid?.();
    const brokers = kafka.bootstrap;
    await kafka.killBroker?.();
    expect(kafka.brokerPid?.()).toBeUndefined();
    expect(isAlive(pid ?? 0)).toBe(false);
    await kafka.startBroker?.();
    expect(kafka.bootstrap).toBe(brokers);
    expect(await committed()).toBe('2');
  });

  it('uses an existing cluster from KAFKA_BROKERS (or the brokers option) without owning it', async () => {
    const lines: string[] = [];
    const external = await startKafka({ env: { KAFKA_BROKERS: kafka.bootstrap }, log: (line) => lines.push(line) });
    expect(external).toMatchObject({ strategy: 'external', version: undefined, brokers: kafka.brokers });
    expect(lines).toEqual([expect.stringMatching(/^kafka: strategy=external version=unknown brokers=\S+ ready in/)]);
    await external.stop();
    const viaOption = await startKafka({ brokers: kafka.brokers, env: {}, log: () => undefined });
    expect(viaOption.strategy).toBe('external');
    expect(await committed()).toBe('2'); // still up after the external handle stopped
  });

  it('stop ends the JVM and removes its data', async () => {
    const pid = kafka.brokerPid?.();
    const workDir = kafka.workDir ?? '';
    expect(readFileSync(`${workDir}/server.properties`, 'utf8')).toContain('process.roles=broker,controller');
    await kafka.stop();
    expect(isAlive(pid ?? 0)).toBe(false);
    expect(existsSync(workDir)).toBe(false);
    await kafka.stop(); // idempotent
  });
});

describe('startKafka prerequisites (real probes, nothing uninstalled)', () => {
  it('names the Java to install when there is none', async () => {
    const env = { ...process.env, JAVA_HOME: '/nonexistent-jdk' };
    await expect(startKafka({ strategy: 'jvm', env, log: () => undefined })).rejects.toMatchObject({
      code: 'MISSING_PREREQUISITE',
      message: expect.stringMatching(
        /^Kafka needs Java 17\+ (and Maven )?to run a local broker: apt-get install openjdk-17-jre-headless/,
      ),
    });
  });

  it('says that a java which does not answer timed out, with no install advice', async () => {
    const jdk = mkdtempSync(join(tmpdir(), 'tracegate-slow-jdk-'));
    try {
      mkdirSync(join(jdk, 'bin'));
      writeFileSync(join(jdk, 'bin', 'java'), '#!/bin/sh\nexec /bin/sleep 30\n', { mode: 0o755 });
      const env = { ...process.env, JAVA_HOME: jdk, TRACEGATE_PROBE_TIMEOUT_MS: '500' };
      const error = await startKafka({ strategy: 'jvm', env, log: () => undefined }).catch((e: unknown) => e);
      expect(error).toMatchObject({
        name: 'ProbeError',
        code: 'PREREQUISITE_TIMED_OUT',
        command: join(jdk, 'bin', 'java'),
      });
      expect((error as Error).message).toContain(
        `\`${join(jdk, 'bin', 'java')} -version\` did not answer within 0.5s, then 0.5s`,
      );
      expect((error as Error).message).not.toContain('openjdk');
    } finally {
      rmSync(jdk, { recursive: true, force: true });
    }
  });

  it('fails fast when testcontainers is forced and no Docker engine answers', async () => {
    const startedAt = Date.now();
    const env = { DOCKER_HOST: 'unix:///nonexistent/docker.sock', TRACEGATE_KAFKA_STRATEGY: 'testcontainers' };
    await expect(startKafka({ env, log: () => undefined })).rejects.toMatchObject({ code: 'MISSING_PREREQUISITE' });
    expect(Date.now() - startedAt).toBeLessThan(2_000);
  });

  it('rejects an unreachable external cluster within the bound', async () => {
    const start = startKafka({ env: { KAFKA_BROKERS: '127.0.0.1:1' }, readyTimeoutMs: 1_000, log: () => undefined });
    await expect(start).rejects.toThrow(/^Kafka at 127\.0\.0\.1:1 did not answer a metadata request within 1000 ms/);
  });
});
