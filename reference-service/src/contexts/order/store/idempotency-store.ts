import type { Queryable } from '../../../platform/db/database.ts';

/** A stored first response for an Idempotency-Key. */
export interface StoredResponse {
  readonly requestHash: string;
  readonly status: number;
  readonly body: unknown;
}

/** The stored response of a key, if any. */
export async function findStoredResponse(db: Queryable, key: string): Promise<StoredResponse | undefined> {
  const rows = await db.query<{ request_hash: string; response_status: number; response_body: unknown }>(
    'SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE key = $1',
    [key],
  );
  const row = rows[0];
  return row ? { requestHash: row.request_hash, status: row.response_status, body: row.response_body } : undefined;
}

/** Stores the first response of a key (in the transaction that produced it). */
export async function storeResponse(tx: Queryable, key: string, response: StoredResponse): Promise<void> {
  await tx.query(
    'INSERT INTO idempotency_keys (key, request_hash, response_status, response_body) VALUES ($1, $2, $3, $4)',
    [key, response.requestHash, response.status, JSON.stringify(response.body)],
  );
}
