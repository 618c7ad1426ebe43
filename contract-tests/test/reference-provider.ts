import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startPostgres, startProcess } from '@tracegate/harness';
import { REPO_ROOT } from '../../harness/src/gates/contract-documents/testing.ts';

/** The reference order service running as a child process; `stop()` ends it and drops its database. */
export interface ReferenceProvider {
  readonly name: 'order-service';
  readonly url: string;
  /** Prefix of its Kafka topics (unique per start, so parallel test files never share events). */
  readonly topicPrefix: string;
  stop(): Promise<void>;
}

/** Starts the reference order-service (its documented start command) on port 0 against `brokers`, with a fresh database. */
export async function startReferenceProvider(brokers: string): Promise<ReferenceProvider> {
  const database = await startPostgres({ databases: ['orders'], databaseUrl: undefined, env: {} });
  const topicPrefix = `pact-${randomBytes(4).toString('hex')}-`;
  const child = await startProcess({
    name: 'order-service (pact provider)',
    command: [process.execPath, '--import', './src/platform/telemetry/preload.ts', 'src/main.ts'],
    cwd: join(REPO_ROOT, 'reference-service'),
    env: {
      PORT: '0',
      CONTEXTS: 'order',
      SERVICE_NAME: 'order-service',
      KAFKA_BROKERS: brokers,
      KAFKA_GROUP_ID_PREFIX: topicPrefix,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      ORDER_DATABASE_URL: database.urls.orders ?? '',
      OUTBOX_POLL_INTERVAL_MS: '50',
    },
    portFrom: { logPattern: /"port":(\d+)[^\n]*"msg":"listening"/ },
    readyPath: '/health/ready',
    // Generous: a loaded CI machine takes a while to load the service and its embedded database.
    timeoutMs: 150_000,
  });
  return {
    name: 'order-service',
    url: child.url,
    topicPrefix,
    async stop() {
      await child.stop({ timeoutMs: 15_000 });
      await database.stop();
    },
  };
}
