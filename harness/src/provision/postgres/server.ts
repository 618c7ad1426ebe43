import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { HarnessError } from '../../errors.ts';
import { track } from '../cleanup.ts';
import { createLineLog, type LineLog } from '../line-log.ts';
import { freePort } from '../ports.ts';
import { postgresServerPrerequisite } from '../prerequisites.ts';
import { runCommand, tail } from '../run-command.ts';
import { sleep } from '../sleep.ts';
import { type Supervised, spawnSupervised } from '../supervise.ts';
import type { PostgresServerHandle } from '../types.ts';
import { findPostgresBinaries, type PostgresBinaries, serverUser } from './binaries.ts';

const BIND_ATTEMPTS = 3;
// A throwaway test server: durability off, enough connections for parallel test files.
const SETTINGS = ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=200'];

/**
 * Starts a throwaway PostgreSQL server (initdb + postgres in a temp dir, trust auth, 127.0.0.1 on a free port).
 * @example
 * const server = await startPostgresServer();
 * const db = await startPostgres({ databases: ['orders'], databaseUrl: server.url });
 */
export async function startPostgresServer(options: { timeoutMs?: number } = {}): Promise<PostgresServerHandle> {
  const binaries = findPostgresBinaries();
  if (!binaries) throw postgresServerPrerequisite();
  const user = serverUser();
  const base = mkdtempSync(join(tmpdir(), 'tracegate-pg-'));
  const untrack = track({ label: `postgres ${base}`, afterSync: () => rmSync(base, { recursive: true, force: true }) });
  const removeAll = () => {
    rmSync(base, { recursive: true, force: true });
    untrack();
  };
  try {
    if (user) chownSync(base, user.uid, user.gid);
    const dataDir = join(base, 'data');
    await initdb(binaries, dataDir, user);
    const { server, port } = await launch(binaries, base, user, options.timeoutMs ?? 30_000);
    let stopped: Promise<void> | undefined;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      port,
      dataDir,
      stop: () => {
        // SIGINT is PostgreSQL's "fast" shutdown: it does not wait for clients to disconnect.
        stopped ??= server
          .stop({ signal: 'SIGINT', timeoutMs: 15_000 })
          .then(() => undefined)
          .finally(removeAll);
        return stopped;
      },
    };
  } catch (error) {
    removeAll();
    throw error;
  }
}

type User = { uid: number; gid: number } | undefined;

async function initdb(binaries: PostgresBinaries, dataDir: string, user: User): Promise<void> {
  const args = ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'];
  const result = await runCommand(binaries.initdb, args, {
    timeoutMs: 120_000,
    env: { ...process.env, LC_ALL: 'C' },
    ...user,
  });
  if (result?.code !== 0) {
    const output = result ? tail(`${result.stdout}\n${result.stderr}`) : `  | ${binaries.initdb} not found`;
    throw new HarnessError('PROVISION_FAILED', `initdb failed:\n${output}`);
  }
}

async function launch(
  binaries: PostgresBinaries,
  base: string,
  user: User,
  timeoutMs: number,
): Promise<{ server: Supervised; port: number; output: LineLog }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const settings = SETTINGS.flatMap((setting) => ['-c', setting]);
    const args = [
      '-D',
      join(base, 'data'),
      '-p',
      `${port}`,
      '-k',
      base,
      '-c',
      'listen_addresses=127.0.0.1',
      ...settings,
    ];
    const server = await spawnSupervised(binaries.postgres, args, {
      label: `postgres :${port}`,
      env: { ...process.env, LC_ALL: 'C' },
      orphanDir: base,
      ...user,
    });
    const output = createLineLog(2_000);
    if (server.child.stdout) output.follow(server.child.stdout);
    if (server.child.stderr) output.follow(server.child.stderr);
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    if (await waitForConnection(url, server, timeoutMs)) return { server, port, output };
    await server.stop({ signal: 'SIGKILL' });
    const log = output.tail(20);
    if (!/could not bind|Address already in use/.test(log) || attempt >= BIND_ATTEMPTS) {
      throw new HarnessError('PROVISION_FAILED', `postgres did not accept connections on port ${port}:\n${log}`);
    }
  }
}

async function waitForConnection(url: string, server: Supervised, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!server.hasExited() && Date.now() < deadline) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      await sleep(100);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return false;
}
