import { logToStderr, seconds } from '../log.ts';
import { kafkaJvmPrerequisites } from '../prerequisites.ts';
import { probeValue } from '../probe-command.ts';
import { probeDocker, probeJava, probeMaven } from '../probes.ts';
import type { KafkaHandle, KafkaStrategy, StartKafkaOptions } from '../types.ts';
import { cachedKafkaClasspath, DEFAULT_KAFKA_VERSION, resolveKafkaClasspath } from './classpath.ts';
import { startJvmBroker } from './jvm-broker.ts';
import { waitForKafka } from './readiness.ts';
import { parseBrokers, selectKafkaStrategy } from './strategy.ts';
import { startKafkaContainer } from './testcontainers.ts';

type Started = Omit<KafkaHandle, 'strategy' | 'version' | 'readyInMs' | 'bootstrap'>;

/**
 * Provides one Kafka cluster: `KAFKA_BROKERS` if set, else a Docker container, else a local JVM broker (KRaft).
 * @example
 * const kafka = await startKafka();
 * process.env.KAFKA_BROKERS = kafka.bootstrap;
 * await kafka.stop();
 */
export async function startKafka(options: StartKafkaOptions = {}): Promise<KafkaHandle> {
  const given = Array.isArray(options.brokers) ? options.brokers.join(',') : options.brokers;
  const env = given ? { ...(options.env ?? process.env), KAFKA_BROKERS: given } : (options.env ?? process.env);
  const log = options.log ?? logToStderr;
  const version = options.version ?? env.TRACEGATE_KAFKA_VERSION ?? DEFAULT_KAFKA_VERSION;
  const { strategy, reason } = await selectKafkaStrategy({
    env,
    forced: options.strategy,
    docker: () => probeDocker(env),
  });
  const timeoutMs = options.readyTimeoutMs ?? (strategy === 'testcontainers' ? 180_000 : 60_000);
  const startedAt = Date.now();
  const started = await start(strategy, { env, version, timeoutMs, log });
  const readyInMs = Date.now() - startedAt;
  const shownVersion = strategy === 'external' ? undefined : version;
  const bootstrap = started.brokers.join(',');
  log(
    `kafka: strategy=${strategy} version=${shownVersion ?? 'unknown'} brokers=${bootstrap} ready in ${seconds(readyInMs)} (${reason})`,
  );
  return { ...started, strategy, version: shownVersion, bootstrap, readyInMs };
}

interface StartContext {
  env: NodeJS.ProcessEnv;
  version: string;
  timeoutMs: number;
  log: (line: string) => void;
}

async function start(strategy: KafkaStrategy, context: StartContext): Promise<Started> {
  if (strategy === 'external') {
    const brokers = parseBrokers(context.env.KAFKA_BROKERS ?? '');
    await waitForKafka(brokers, { timeoutMs: context.timeoutMs });
    return { brokers, stop: async () => undefined };
  }
  if (strategy === 'testcontainers')
    return startKafkaContainer({ version: context.version, readyTimeoutMs: context.timeoutMs });
  return startJvm(context);
}

async function startJvm({ env, version, timeoutMs, log }: StartContext): Promise<Started> {
  const java = await probeJava(env);
  const cached = cachedKafkaClasspath(version, env) !== undefined;
  const maven = cached ? undefined : await probeMaven(env);
  const missing = kafkaJvmPrerequisites({ java, classpathCached: cached, ...(maven ? { maven } : {}) });
  if (missing) throw missing;
  if (!cached) log(`kafka: resolving org.apache.kafka:kafka_2.13:${version} with Maven (first run only)`);
  const resolveStart = Date.now();
  const { classpath } = await resolveKafkaClasspath(version, env);
  if (!cached) log(`kafka: jars resolved in ${seconds(Date.now() - resolveStart)}`);
  const broker = await startJvmBroker({
    version,
    classpath,
    java: probeValue(java)?.command ?? 'java',
    readyTimeoutMs: timeoutMs,
  });
  return {
    brokers: broker.brokers,
    stop: broker.stop,
    workDir: broker.workDir,
    brokerPid: broker.pid,
    stopBroker: broker.stopBroker,
    killBroker: broker.killBroker,
    startBroker: broker.startBroker,
    restart: async () => {
      await broker.stopBroker();
      await broker.startBroker();
    },
  };
}
