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
export async function freshDatabases(): Promise<{ env: Record<string, string>; stop(): Promise<void> }> {
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
}

/** A running service process with its captured stdout. */
export interface ServiceUnderTest {
  readonly process: StartedProcess;
  readonly url: string;
  readonly logs: LogStore;
  readonly groupPrefix: string;
  stop(): Promise<void>;
}

/**
 * Starts the service exactly as a user would (child process, telemetry preload), on port 0,
 * with its own consumer groups and fresh databases.
 */
export async function startReferenceService(options: ServiceOptions): Promise<ServiceUnderTest> {
  const databases = await freshDatabases();
  const groupPrefix = uniquePrefix(options.label);
  const child = await startProcess({
    name: `reference-service (${options.label})`,
    command: startCommand,
    cwd: serviceDir,
    env: {
      PORT: '0',
      KAFKA_BROKERS: options.brokers,
      KAFKA_GROUP_ID_PREFIX: groupPrefix,
      LOG_LEVEL: 'info',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      RETRY_BASE_DELAY_MS: '50',
      RETRY_MAX_DELAY_MS: '500',
      ...databases.env,
      ...options.env,
    },
    portFrom: { logPattern: /"port":(\d+)[^\n]*"msg":"listening"/ },
    ...(options.waitReady === false ? {} : { readyPath: '/health/ready' }),
    timeoutMs: 60_000,
  });
  const logs = captureLogs(child.stdout);
  return {
    process: child,
    url: child.url,
    logs,
    groupPrefix,
    async stop() {
      await child.stop({ timeoutMs: 15_000 });
      await logs.stop();
      await databases.stop();
    },
  };
}
