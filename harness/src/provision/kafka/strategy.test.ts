import { describe, expect, it } from 'vitest';
import type { KafkaStrategy } from '../types.ts';
import { parseBrokers, selectKafkaStrategy } from './strategy.ts';

const docker = (reachable: boolean) => async () => ({
  reachable,
  detail: reachable ? 'unix:///var/run/docker.sock' : 'no Docker engine at unix:///var/run/docker.sock',
});

describe('selectKafkaStrategy', () => {
  it.each<[string, NodeJS.ProcessEnv, KafkaStrategy | undefined, boolean, KafkaStrategy, string]>([
    [
      'KAFKA_BROKERS wins over Docker',
      { KAFKA_BROKERS: 'k:9092' },
      undefined,
      true,
      'external',
      'KAFKA_BROKERS is set',
    ],
    ['Docker when reachable', {}, undefined, true, 'testcontainers', 'Docker engine at unix:///var/run/docker.sock'],
    ['the JVM without Docker', {}, undefined, false, 'jvm', 'no Docker engine'],
    ['blank KAFKA_BROKERS is unset', { KAFKA_BROKERS: '  ' }, undefined, false, 'jvm', 'no Docker engine'],
    [
      'env forces jvm over KAFKA_BROKERS',
      { KAFKA_BROKERS: 'k:9092', TRACEGATE_KAFKA_STRATEGY: 'jvm' },
      undefined,
      true,
      'jvm',
      'TRACEGATE_KAFKA_STRATEGY=jvm',
    ],
    [
      'env forces testcontainers',
      { TRACEGATE_KAFKA_STRATEGY: 'testcontainers' },
      undefined,
      true,
      'testcontainers',
      'TRACEGATE_KAFKA_STRATEGY=testcontainers',
    ],
    [
      'env forces external',
      { TRACEGATE_KAFKA_STRATEGY: 'external', KAFKA_BROKERS: 'k:1' },
      undefined,
      false,
      'external',
      'TRACEGATE_KAFKA_STRATEGY=external',
    ],
    [
      'the option wins over env',
      { TRACEGATE_KAFKA_STRATEGY: 'testcontainers' },
      'jvm',
      true,
      'jvm',
      'forced by option',
    ],
  ])('%s', async (_name, env, forced, reachable, strategy, reason) => {
    await expect(selectKafkaStrategy({ env, forced, docker: docker(reachable) })).resolves.toEqual({
      strategy,
      reason,
    });
  });

  it('does not probe Docker when KAFKA_BROKERS decides', async () => {
    let probed = false;
    const probe = async () => {
      probed = true;
      return { reachable: true, detail: '' };
    };
    await selectKafkaStrategy({ env: { KAFKA_BROKERS: 'k:9092' }, docker: probe });
    expect(probed).toBe(false);
  });

  it.each<[string, NodeJS.ProcessEnv, boolean, string]>([
    ['an unknown strategy', { TRACEGATE_KAFKA_STRATEGY: 'kraft' }, true, 'USAGE'],
    ['external without brokers', { TRACEGATE_KAFKA_STRATEGY: 'external' }, true, 'USAGE'],
    ['testcontainers without Docker', { TRACEGATE_KAFKA_STRATEGY: 'testcontainers' }, false, 'MISSING_PREREQUISITE'],
  ])('rejects %s', async (_name, env, reachable, code) => {
    await expect(selectKafkaStrategy({ env, docker: docker(reachable) })).rejects.toMatchObject({ code });
  });

  it('says what to do when forced testcontainers has no Docker', async () => {
    const choice = selectKafkaStrategy({ env: { TRACEGATE_KAFKA_STRATEGY: 'testcontainers' }, docker: docker(false) });
    await expect(choice).rejects.toThrowErrorMatchingInlineSnapshot(
      `[PrerequisiteError: Kafka via testcontainers needs a running Docker engine (no Docker engine at unix:///var/run/docker.sock): start one or set DOCKER_HOST — or choose TRACEGATE_KAFKA_STRATEGY=jvm]`,
    );
  });
});

describe('parseBrokers', () => {
  it.each([
    ['127.0.0.1:9092', ['127.0.0.1:9092']],
    [' a:1 , b:2,', ['a:1', 'b:2']],
  ])('%s', (value, brokers) => {
    expect(parseBrokers(value)).toEqual(brokers);
  });

  it('rejects an address without a port', () => {
    expect(() => parseBrokers('localhost')).toThrowErrorMatchingInlineSnapshot(
      `[HarnessError: KAFKA_BROKERS must be host:port[,host:port…] (got "localhost")]`,
    );
  });
});
