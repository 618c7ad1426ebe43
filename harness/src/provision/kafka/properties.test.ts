import { describe, expect, it } from 'vitest';
import { brokerSettings, newClusterId, toKafkaEnv, toProperties } from './properties.ts';

const layout = {
  advertised: '127.0.0.1:40001',
  listen: '127.0.0.1:40001',
  controller: '127.0.0.1:40002',
  logDir: '/tmp/k',
};

describe('brokerSettings', () => {
  it('describes a one-node KRaft broker+controller', () => {
    const settings = brokerSettings(layout);
    expect(settings).toMatchObject({
      'process.roles': 'broker,controller',
      'controller.quorum.voters': '1@127.0.0.1:40002',
      listeners: 'PLAINTEXT://127.0.0.1:40001,CONTROLLER://127.0.0.1:40002',
      'advertised.listeners': 'PLAINTEXT://127.0.0.1:40001',
      'log.dirs': '/tmp/k',
      'offsets.topic.replication.factor': '1',
      'group.initial.rebalance.delay.ms': '0',
    });
  });

  it('renders server.properties lines', () => {
    expect(toProperties({ 'node.id': '1', 'log.dirs': '/tmp/k' })).toBe('node.id=1\nlog.dirs=/tmp/k\n');
  });

  it('renders the apache/kafka image environment', () => {
    expect(toKafkaEnv({ 'log.dirs': '/d', 'process.roles': 'broker', listeners: 'X' })).toEqual({
      KAFKA_LOG_DIRS: '/d',
      KAFKA_PROCESS_ROLES: 'broker',
      KAFKA_LISTENERS: 'X',
    });
  });
});

describe('newClusterId', () => {
  it('is 16 random bytes in base64url that the storage tool cannot take for an option', () => {
    const ids = Array.from({ length: 500 }, newClusterId);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
      expect(Buffer.from(id, 'base64url')).toHaveLength(16);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});
