import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { HarnessError } from '../../errors.ts';
import { track } from '../cleanup.ts';
import type { PostgresHandle, StartPostgresOptions } from '../types.ts';

const NAME = /^[a-z_][a-z0-9_]{0,40}$/;

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/** `url` with its database replaced by `database`. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Hands out one fresh database per name: on the server of `DATABASE_URL` (created now, dropped by `stop`),
 * else PGlite data directories in a temp dir (`pglite:///tmp/…/<name>`, deleted by `stop`).
 * @example
 * const db = await startPostgres({ databases: ['orders', 'payments'] });
 * process.env.ORDERS_DATABASE_URL = db.urls.orders;
 */
export async function startPostgres(options: StartPostgresOptions): Promise<PostgresHandle> {
  const invalid = options.databases.filter((name) => !NAME.test(name));
  if (invalid.length > 0) {
    throw new HarnessError('CONFIG_INVALID', `database names must match ${NAME} (got ${invalid.join(', ')})`);
  }
  const server = options.databaseUrl ?? (options.env ?? process.env).DATABASE_URL;
  return server ? createDatabases(server, options.databases) : pgliteDirectories(options.databases);
}

function pgliteDirectories(names: string[]): PostgresHandle {
  const root = mkdtempSync(join(tmpdir(), 'tracegate-pglite-'));
  const untrack = track({ label: `pglite ${root}`, afterSync: () => rmSync(root, { recursive: true, force: true }) });
  const urls = Object.fromEntries(names.map((name) => [name, `pglite://${join(root, name)}`]));
  return {
    strategy: 'pglite',
    urls,
    // Removed without blocking: PGlite directories hold thousands of files, and the rest of a teardown runs meanwhile.
    stop: async () => {
      await rm(root, { recursive: true, force: true });
      untrack();
    },
  };
}

async function createDatabases(serverUrl: string, names: string[]): Promise<PostgresHandle> {
  const suffix = randomBytes(4).toString('hex');
  const databases = names.map((name) => ({ name, database: `${name}_${suffix}` }));
  const drop = (database: string) => `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`;
  const untrack = track({
    label: `databases ${databases.map((entry) => entry.database).join(', ')}`,
    // Only reached if the run dies without stop(): best effort through psql, if installed.
    afterSync: () => {
      for (const { database } of databases) spawnSync('psql', [serverUrl, '-qc', drop(database)], { timeout: 5_000 });
    },
  });
  const created: string[] = [];
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
  try {
    await admin.connect();
    for (const { database } of databases) {
      await admin.query(`CREATE DATABASE "${database}"`);
      created.push(database);
    }
  } catch (cause) {
    for (const database of created) await admin.query(drop(database)).catch(() => undefined);
    untrack();
    throw new HarnessError(
      'PROVISION_FAILED',
      `could not create databases on ${redactUrl(serverUrl)}: ${(cause as Error).message}`,
      { cause },
    );
  } finally {
    await admin.end().catch(() => undefined);
  }
  let stopped: Promise<void> | undefined;
  return {
    strategy: 'external',
    urls: Object.fromEntries(databases.map(({ name, database }) => [name, withDatabase(serverUrl, database)])),
    stop: () => {
      stopped ??= dropDatabases(serverUrl, created.map(drop)).finally(untrack);
      return stopped;
    },
  };
}

async function dropDatabases(serverUrl: string, statements: string[]): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
  await admin.connect();
  try {
    for (const statement of statements) await admin.query(statement);
  } finally {
    await admin.end().catch(() => undefined);
  }
}
