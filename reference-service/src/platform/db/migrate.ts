import { ServiceError } from '../errors.ts';
import type { Database } from './database.ts';

/** One forward-only schema change, applied once, in order of `id`. */
export interface Migration {
  readonly id: string;
  readonly statements: readonly string[];
}

/** Applies the migrations not yet recorded in `schema_migrations`, each in its own transaction. */
export async function migrate(db: Database, migrations: readonly Migration[]): Promise<readonly string[]> {
  await db.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const applied: string[] = [];
  for (const migration of migrations) {
    await db.transaction(async (tx) => {
      // Serialises concurrent starts against the same server.
      await tx.query('SELECT pg_advisory_xact_lock(724061)');
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE id = $1', [migration.id]);
      if (done.length > 0) return;
      try {
        for (const statement of migration.statements) await tx.query(statement);
      } catch (cause) {
        throw new ServiceError('MIGRATION_FAILED', `migration ${migration.id} failed`, { cause });
      }
      await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id]);
      applied.push(migration.id);
    });
  }
  return applied;
}
