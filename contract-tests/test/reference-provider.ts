import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startPostgres, startProcess } from '@tracegate/harness';
import { REPO_ROOT } from '@tracegate/harness/testing';

/** The reference order service running as a child process; `stop()` ends it and drops its database. */
export interface ReferenceProvider {
  readonly name: 'order-service';
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts the reference order-service (its documented start command) on port 0 against `brokers`, with a fresh
 * database and its own consumer groups. Its topics are the AsyncAPI addresses, as a pact's `metadata.topic` names them.
 */
export async function startReferenceProvider(brokers: string): Promise<ReferenceProvider> {
  const database = await startPostgres({ databases: ['orders'], databaseUrl: undefined, env: {} });
  const groupPrefix = `pact-${randomBytes(4).toString('hex')}-`;
  const child = await startProcess({
    name: 'order-service (pact provider)',
    command: [process.execPath, '--import', './src/platform/telemetry/preload.ts', 'src/main.ts'],
    cwd: join(REPO_ROOT, 'reference-service'),
    env: {
      PORT: '0',
      CONTEXTS: 'order',
      SERVICE_NAME: 'order-service',
      KAFKA_BROKERS: brokers,
      KAFKA_GROUP_ID_PREFIX: groupPrefix,
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
    async stop() {
      await child.stop({ timeoutMs: 15_000 });
      await database.stop();
    },
  };
}
