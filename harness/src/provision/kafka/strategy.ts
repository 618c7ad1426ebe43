import { HarnessError, PrerequisiteError } from '../../errors.ts';
import type { KafkaStrategy } from '../types.ts';

const STRATEGIES: readonly KafkaStrategy[] = ['external', 'testcontainers', 'jvm'];

/** What strategy selection looks at; the Docker probe is injected so the choice is testable. */
export interface StrategyInputs {
  env: NodeJS.ProcessEnv;
  /** Explicit choice (an option); wins over `TRACEGATE_KAFKA_STRATEGY`. */
  forced?: KafkaStrategy | undefined;
  docker: () => Promise<{ reachable: boolean; detail: string }>;
}

/** The chosen strategy and why, for the log line. */
export interface StrategyChoice {
  strategy: KafkaStrategy;
  reason: string;
}

/** Splits `KAFKA_BROKERS` (`host:port,host:port`) into broker addresses. */
export function parseBrokers(value: string): string[] {
  const brokers = value
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  const invalid = brokers.filter((broker) => !/^[^\s:]+:\d+$/.test(broker));
  if (invalid.length > 0) {
    throw new HarnessError('USAGE', `KAFKA_BROKERS must be host:port[,host:port…] (got "${value}")`);
  }
  return brokers;
}

/** Chooses how to provide Kafka: forced, else `KAFKA_BROKERS` → a reachable Docker engine → the local JVM. */
export async function selectKafkaStrategy(inputs: StrategyInputs): Promise<StrategyChoice> {
  const { env } = inputs;
  const brokers = env.KAFKA_BROKERS?.trim();
  const forced = inputs.forced ?? (env.TRACEGATE_KAFKA_STRATEGY?.trim() || undefined);
  const why = inputs.forced ? 'forced by option' : `TRACEGATE_KAFKA_STRATEGY=${forced}`;
  if (forced !== undefined && !STRATEGIES.includes(forced as KafkaStrategy)) {
    throw new HarnessError(
      'USAGE',
      `TRACEGATE_KAFKA_STRATEGY must be one of ${STRATEGIES.join(', ')} (got "${forced}")`,
    );
  }
  if (forced === 'external') {
    if (!brokers) throw new HarnessError('USAGE', 'the external Kafka strategy needs KAFKA_BROKERS=host:port');
    return { strategy: 'external', reason: why };
  }
  if (forced === 'testcontainers') {
    const docker = await inputs.docker();
    if (!docker.reachable) {
      throw new PrerequisiteError(
        `Kafka via testcontainers needs a running Docker engine (${docker.detail}): start one or set DOCKER_HOST — or choose TRACEGATE_KAFKA_STRATEGY=jvm`,
        ['docker'],
      );
    }
    return { strategy: 'testcontainers', reason: why };
  }
  if (forced === 'jvm') return { strategy: 'jvm', reason: why };
  if (brokers) return { strategy: 'external', reason: 'KAFKA_BROKERS is set' };
  const docker = await inputs.docker();
  if (docker.reachable) return { strategy: 'testcontainers', reason: `Docker engine at ${docker.detail}` };
  return { strategy: 'jvm', reason: 'no Docker engine' };
}
