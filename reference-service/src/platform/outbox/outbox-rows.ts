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

/** The oldest unpublished rows, in commit order. */
export function pendingRows(db: Queryable, limit: number): Promise<OutboxRow[]> {
  return db.query<OutboxRow>(
    'SELECT id, topic, message_key, payload, headers, created_at FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1',
    [limit],
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
