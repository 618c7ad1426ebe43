import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { StartedProcess } from '@tracegate/harness';
import { startPostgres, startProcess } from '@tracegate/harness';
import type { LogStore } from '@tracegate/trace-assertions';
import { captureLogs } from '@tracegate/trace-assertions';

/** The reference-service folder: the start command runs from here. */
export const serviceDir = fileURLToPath(new URL('../..', import.meta.url));

/** The documented start command. */
export const startCommand = ['node', '--import', './src/platform/telemetry/preload.ts', 'src/main.ts'];

/** A unique prefix so test files sharing one broker never share a consumer group. */
export function uniquePrefix(label: string): string {
  return `test-${label}-${randomBytes(4).toString('hex')}-`;
}

/** Fresh databases per test: on TRACEGATE_TEST_DATABASE_URL's server when set, else PGlite directories. */
export async function freshDatabases(): Promise<Databases> {
  const handle = await startPostgres({
    databases: ['order', 'payment'],
    databaseUrl: process.env.TRACEGATE_TEST_DATABASE_URL,
    env: {},
  });
  return {
    env: { ORDER_DATABASE_URL: handle.urls.order ?? '', PAYMENT_DATABASE_URL: handle.urls.payment ?? '' },
    stop: () => handle.stop(),
  };
}

/** Options of {@link startReferenceService}. */
export interface ServiceOptions {
  readonly brokers: string;
  readonly label: string;
  readonly env?: Record<string, string>;
  /** Wait for /health/ready (broker, databases, consumers joined); default true. */
  readonly waitReady?: boolean;
  /**
   * Use the AsyncAPI addresses as topic names (default false: a unique KAFKA_TOPIC_PREFIX, so services of
   * test files running in parallel on one broker never consume each other's events).
   */
  readonly sharedTopics?: boolean;
  /** Reuse databases (and consumer groups/topics via `groupPrefix`) of an earlier run, e.g. after a restart. */
  readonly databases?: Databases;
  readonly groupPrefix?: string;
  /** Start with the telemetry preload (default true); false starts `node src/main.ts` with no SDK. */
  readonly telemetryPreload?: boolean;
}

/** Databases handed to a service; `stop` drops them. */
export interface Databases {
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

/** A running service process with its captured stdout. */
export interface ServiceUnderTest {
  readonly process: StartedProcess;
  readonly url: string;
  readonly logs: LogStore;
  readonly groupPrefix: string;
  readonly databases: Databases;
  /** Stops the process but keeps its databases (for a restart). */
  stopProcess(options?: { signal?: NodeJS.Signals }): Promise<{ code: number | null; signal: string | null }>;
  /** The Kafka topic of an AsyncAPI address for this service. */
  topic(address: string): string;
  stop(): Promise<void>;
}

/**
 * Starts the service exactly as a user would (child process, telemetry preload), on port 0,
 * with its own consumer groups and fresh databases.
 */
export async function startReferenceService(options: ServiceOptions): Promise<ServiceUnderTest> {
  const databases = options.databases ?? (await freshDatabases());
  const groupPrefix = options.groupPrefix ?? uniquePrefix(options.label);
  const topicPrefix = options.sharedTopics ? '' : groupPrefix;
  const child = await startProcess({
    name: `reference-service (${options.label})`,
    command: options.telemetryPreload === false ? ['node', 'src/main.ts'] : startCommand,
    cwd: serviceDir,
    env: {
      PORT: '0',
      KAFKA_BROKERS: options.brokers,
      KAFKA_GROUP_ID_PREFIX: groupPrefix,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      LOG_LEVEL: 'info',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      RETRY_BASE_DELAY_MS: '50',
      RETRY_MAX_DELAY_MS: '500',
      ...databases.env,
      ...options.env,
    },
    portFrom: { logPattern: /"port":(\d+)[^\n]*"msg":"listening"/ },
    ...(options.waitReady === false ? {} : { readyPath: '/health/ready' }),
    timeoutMs: 120_000,
  });
  const logs = captureLogs(child.stdout);
  return {
    process: child,
    url: child.url,
    logs,
    groupPrefix,
    databases,
    topic: (address) => `${topicPrefix}${address}`,
    async stopProcess(stopOptions = {}) {
      const exit = await child.stop({ signal: stopOptions.signal ?? 'SIGTERM', timeoutMs: 15_000 });
      await logs.stop();
      return exit;
    },
    async stop() {
      await child.stop({ timeoutMs: 15_000 });
      await logs.stop();
      await databases.stop();
    },
  };
}
