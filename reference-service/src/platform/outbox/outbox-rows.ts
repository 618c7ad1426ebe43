import type { Queryable } from '../db/database.ts';

/** A committed outbox row not yet published. */
export interface OutboxRow {
  readonly id: string | number;
  readonly topic: string;
  readonly message_key: string;
  readonly payload: unknown;
  readonly headers: Record<string, string>;
  readonly created_at: Date;
}

const rowColumns = 'id, topic, message_key, payload, headers, created_at';

/**
 * Marks the `sent` rows published and reads the oldest other unpublished rows, in commit order, in one statement
 * (one round trip per pass). The read sees the table as it was before the mark, hence the exclusion.
 */
export function markAndFetch(db: Queryable, sent: readonly string[], limit: number): Promise<OutboxRow[]> {
  if (sent.length === 0) {
    return db.query<OutboxRow>(`SELECT ${rowColumns} FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1`, [
      limit,
    ]);
  }
  return db.query<OutboxRow>(
    `WITH marked AS (UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[]))
     SELECT ${rowColumns} FROM outbox WHERE published_at IS NULL AND NOT (id = ANY($1::bigint[])) ORDER BY id LIMIT $2`,
    [sent, limit],
  );
}

/** Marks rows published. */
export async function markPublished(db: Queryable, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await db.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])', [ids]);
}

/** How many committed rows wait to be published. */
export async function countPending(db: Queryable): Promise<number> {
  const [row] = await db.query<{ count: string | number }>(
    'SELECT count(*) AS count FROM outbox WHERE published_at IS NULL',
  );
  return Number(row?.count ?? 0);
}
