import { randomBytes } from 'node:crypto';

/** Ports and directory of a single-node KRaft broker. */
export interface BrokerLayout {
  /** Address clients use, as advertised (`127.0.0.1:<port>`). */
  advertised: string;
  /** Host:port the client listener binds. */
  listen: string;
  /** Host:port the controller listener binds (also the quorum voter address). */
  controller: string;
  logDir: string;
}

/** Settings of a one-node broker+controller with replication factor 1 everywhere and no rebalance delay. */
export function brokerSettings(layout: BrokerLayout): Record<string, string> {
  return {
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.voters': `1@${layout.controller}`,
    listeners: `PLAINTEXT://${layout.listen},CONTROLLER://${layout.controller}`,
    'advertised.listeners': `PLAINTEXT://${layout.advertised}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': layout.logDir,
    'offsets.topic.replication.factor': '1',
    'offsets.topic.num.partitions': '1',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'share.coordinator.state.topic.replication.factor': '1',
    'share.coordinator.state.topic.min.isr': '1',
    'group.initial.rebalance.delay.ms': '0',
    'num.partitions': '1',
    'auto.create.topics.enable': 'true',
  };
}

/** `key=value` lines of a server.properties file. */
export function toProperties(settings: Record<string, string>): string {
  return `${Object.entries(settings)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;
}

/** The apache/kafka image's environment form of `settings` (`log.dirs` → `KAFKA_LOG_DIRS`). */
export function toKafkaEnv(settings: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(settings).map(([key, value]) => [
      `KAFKA_${key.replaceAll('_', '__').replaceAll('.', '_').toUpperCase()}`,
      value,
    ]),
  );
}

/** A random cluster id: 16 bytes, base64url, never starting with '-' (the storage tool would read it as an option). */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
