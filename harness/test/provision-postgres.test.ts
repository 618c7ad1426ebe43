import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgresServer } from '../src/provision/postgres/server.ts';
import { startPostgres } from '../src/provision/postgres/start-postgres.ts';
import type { PostgresServerHandle } from '../src/provision/types.ts';

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('startPostgresServer (the server .ci/run starts)', () => {
  it('starts initdb + postgres on a free port with trust auth and removes everything on stop', async () => {
    const server = await startPostgresServer();
    expect(server.url).toBe(`postgres://postgres@127.0.0.1:${server.port}/postgres`);
    expect(await query(server.url, 'select 1 as one')).toEqual([{ one: 1 }]);
    await server.stop();
    expect(existsSync(server.dataDir)).toBe(false);
    await expect(query(server.url, 'select 1')).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('startPostgres', () => {
  // A real server: TRACEGATE_TEST_DATABASE_URL (.ci/run exports it), else one started here.
  let own: PostgresServerHandle | undefined;
  let serverUrl: string;
  beforeAll(async () => {
    const given = process.env.TRACEGATE_TEST_DATABASE_URL;
    if (given) serverUrl = given;
    else {
      own = await startPostgresServer();
      serverUrl = own.url;
    }
  });
  afterAll(() => own?.stop());

  const databases = async () =>
    ((await query(serverUrl, 'select datname from pg_database')) as { datname: string }[]).map((row) => row.datname);

  it('creates one fresh database per name on the server and drops them on stop', async () => {
    const db = await startPostgres({ databases: ['orders', 'payments'], databaseUrl: serverUrl });
    expect(db.strategy).toBe('external');
    expect(Object.keys(db.urls)).toEqual(['orders', 'payments']);
    const names = Object.values(db.urls).map((url) => new URL(url).pathname.slice(1));
    expect(names).toEqual([
      expect.stringMatching(/^orders_[0-9a-f]{8}$/),
      expect.stringMatching(/^payments_[0-9a-f]{8}$/),
    ]);
    await query(db.urls.orders ?? '', 'create table outbox (id int primary key)');
    await query(db.urls.orders ?? '', 'insert into outbox values (1)');
    expect(await query(db.urls.payments ?? '', "select to_regclass('outbox') as t")).toEqual([{ t: null }]);
    expect(await databases()).toEqual(expect.arrayContaining(names));
    await db.stop();
    expect(await databases()).not.toEqual(expect.arrayContaining([names[0]]));
    expect(await databases()).not.toEqual(expect.arrayContaining([names[1]]));
  });

  it('gives every run its own databases', async () => {
    const [a, b] = await Promise.all([
      startPostgres({ databases: ['orders'], env: { DATABASE_URL: serverUrl } }),
      startPostgres({ databases: ['orders'], env: { DATABASE_URL: serverUrl } }),
    ]);
    expect(a.strategy).toBe('external');
    expect(a.urls.orders).not.toBe(b.urls.orders);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('hands out PGlite directories when there is no server', async () => {
    const db = await startPostgres({ databases: ['orders', 'payments'], env: {} });
    expect(db.strategy).toBe('pglite');
    const dirs = Object.values(db.urls).map((url) => {
      expect(url).toMatch(/^pglite:\/\/\//);
      return new URL(url).pathname;
    });
    expect(dirs.map((path) => path.startsWith(tmpdir()))).toEqual([true, true]);
    expect(dirs[0]?.endsWith('/orders')).toBe(true);
    const root = dirs[0]?.replace(/\/orders$/, '') ?? '';
    expect(existsSync(root)).toBe(true);
    await db.stop();
    expect(existsSync(root)).toBe(false);
  });

  it('rejects names that are not plain identifiers', async () => {
    await expect(startPostgres({ databases: ['orders; drop'], env: {} })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
  });

  it('names the server (without its password) when it cannot create databases', async () => {
    const unreachable = 'postgres://app:s3cret@127.0.0.1:1/postgres';
    const start = startPostgres({ databases: ['orders'], databaseUrl: unreachable });
    await expect(start).rejects.toThrow('could not create databases on postgres://app:***@127.0.0.1:1/postgres');
  });
});
