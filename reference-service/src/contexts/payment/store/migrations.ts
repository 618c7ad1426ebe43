import type { Migration } from '../../../platform/db/migrate.ts';
import { messagingMigration } from '../../../platform/outbox/outbox-schema.ts';

/** The payment context's schema (its own database). */
export const paymentMigrations: readonly Migration[] = [
  messagingMigration,
  {
    id: '0002-payments',
    statements: [
      `CREATE TABLE payments (
        id uuid PRIMARY KEY,
        order_id uuid NOT NULL UNIQUE,
        amount bigint NOT NULL,
        currency char(3) NOT NULL,
        status text NOT NULL,
        reason text,
        correlation_id text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
    ],
  },
];
