import type { Migration } from '../../../platform/db/migrate.ts';
import { messagingMigration } from '../../../platform/outbox/outbox-schema.ts';

/** The order context's schema (its own database). */
export const orderMigrations: readonly Migration[] = [
  messagingMigration,
  {
    id: '0002-orders',
    statements: [
      `CREATE TABLE orders (
        id uuid PRIMARY KEY,
        customer_id text NOT NULL,
        currency char(3) NOT NULL,
        items jsonb NOT NULL,
        total_amount bigint NOT NULL,
        status text NOT NULL,
        payment_status text NOT NULL,
        status_reason text,
        correlation_id text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
      'CREATE INDEX orders_newest_first ON orders (created_at DESC, id DESC)',
      'CREATE INDEX orders_by_customer ON orders (customer_id, created_at DESC, id DESC)',
      `CREATE TABLE idempotency_keys (
        key text PRIMARY KEY,
        request_hash text NOT NULL,
        response_status integer NOT NULL,
        response_body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    ],
  },
  {
    id: '0003-order-shipment',
    statements: ['ALTER TABLE orders ADD COLUMN shipment jsonb'],
  },
  {
    id: '0004-order-payment-id',
    statements: ['ALTER TABLE orders ADD COLUMN payment_id text'],
  },
  {
    // A key keeps the order it placed; the HTTP layer derives the replayed response from it. Earlier rows hold
    // the response body, which has the order's fields, so they read as snapshots too.
    id: '0005-idempotency-order-snapshot',
    statements: [
      'ALTER TABLE idempotency_keys RENAME COLUMN response_body TO order_snapshot',
      'ALTER TABLE idempotency_keys DROP COLUMN response_status',
    ],
  },
];
