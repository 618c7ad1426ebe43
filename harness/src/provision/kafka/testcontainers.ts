import { freePort } from '../ports.ts';
import { brokerSettings, toKafkaEnv } from './properties.ts';
import { waitForKafka } from './readiness.ts';

/** A Kafka broker in a container of the official apache/kafka image. */
export interface ContainerBroker {
  brokers: string[];
  stop(): Promise<void>;
}

/** Starts apache/kafka:<version> with testcontainers, its client port mapped 1:1 to a free host port. */
export async function startKafkaContainer(options: {
  version: string;
  readyTimeoutMs: number;
}): Promise<ContainerBroker> {
  // Imported lazily: testcontainers is heavy and only needed when a Docker engine is there.
  const { GenericContainer, getContainerRuntimeClient } = await import('testcontainers');
  const runtime = await getContainerRuntimeClient();
  const host = runtime.info.containerRuntime.host;
  const hostPort = await freePort();
  const settings = brokerSettings({
    advertised: 'localhost:19092',
    listen: '0.0.0.0:19092',
    controller: 'localhost:9093',
    logDir: '/tmp/kraft-combined-logs',
  });
  // A second listener is the one the host sees; the broker keeps PLAINTEXT for itself.
  const env = toKafkaEnv({
    ...settings,
    'controller.quorum.voters': '1@localhost:9093',
    listeners: 'PLAINTEXT://0.0.0.0:19092,CONTROLLER://0.0.0.0:9093,HOST://0.0.0.0:9092',
    'advertised.listeners': `PLAINTEXT://localhost:19092,HOST://${host}:${hostPort}`,
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,HOST:PLAINTEXT',
  });
  const container = await new GenericContainer(`apache/kafka:${options.version}`)
    .withExposedPorts({ container: 9092, host: hostPort })
    .withEnvironment(env)
    .withStartupTimeout(options.readyTimeoutMs)
    .start();
  const brokers = [`${host}:${hostPort}`];
  try {
    await waitForKafka(brokers, { timeoutMs: options.readyTimeoutMs, groupCoordinator: true });
  } catch (error) {
    await container.stop();
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    brokers,
    stop: () => {
      stopped ??= container.stop().then(() => undefined);
      return stopped;
    },
  };
}
