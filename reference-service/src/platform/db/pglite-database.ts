import type { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable } from './database.ts';
import { createPglite } from './pglite-template.ts';

function wrap(target: { query: PGlite['query'] }): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query<Row>(sql, [...params]);
      return result.rows;
    },
  };
}

/** An embedded PostgreSQL (PGlite) in a directory, or in memory when `dataDir` is undefined. */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  const db = await createPglite(dataDir);
  const queryable = wrap(db);
  return {
    kind: 'pglite',
    query: queryable.query,
    // One embedded connection serves everything.
    background: queryable,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
  };
}
