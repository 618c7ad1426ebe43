import type { Queryable } from '../../../platform/db/database.ts';
import type { Order } from '../domain/order.ts';

/** The order a key first placed, with the hash of the request that placed it. */
export interface StoredPlacement {
  readonly requestHash: string;
  /** The order as it was placed (a replay answers with it, not with the order's state today). */
  readonly order: Order;
}

type Snapshot = Omit<Order, 'createdAt' | 'updatedAt' | 'shipment' | 'paymentId'> & {
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly shipment?: Order['shipment'];
  readonly paymentId?: string | null;
};

function revive(snapshot: Snapshot): Order {
  return {
    ...snapshot,
    shipment: snapshot.shipment ?? null,
    paymentId: snapshot.paymentId ?? null,
    createdAt: new Date(snapshot.createdAt),
    updatedAt: new Date(snapshot.updatedAt),
  };
}

/** The placement stored for a key, if any. */
export async function findPlacement(db: Queryable, key: string): Promise<StoredPlacement | undefined> {
  const rows = await db.query<{ request_hash: string; order_snapshot: Snapshot }>(
    'SELECT request_hash, order_snapshot FROM idempotency_keys WHERE key = $1',
    [key],
  );
  const row = rows[0];
  return row ? { requestHash: row.request_hash, order: revive(row.order_snapshot) } : undefined;
}

/** Stores the placement of a key (in the transaction that placed the order). */
export async function storePlacement(tx: Queryable, key: string, placement: StoredPlacement): Promise<void> {
  await tx.query('INSERT INTO idempotency_keys (key, request_hash, order_snapshot) VALUES ($1, $2, $3)', [
    key,
    placement.requestHash,
    JSON.stringify(placement.order),
  ]);
}
