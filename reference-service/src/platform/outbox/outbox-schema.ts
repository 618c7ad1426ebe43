import type { Migration } from '../db/migrate.ts';

/** Tables every context needs for reliable messaging: the outbox and the processed-event record. */
export const messagingMigration: Migration = {
  id: '0001-messaging',
  statements: [
    `CREATE TABLE outbox (
      id bigserial PRIMARY KEY,
      event_id uuid NOT NULL UNIQUE,
      topic text NOT NULL,
      message_key text NOT NULL,
      payload jsonb NOT NULL,
      headers jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz
    )`,
    'CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL',
    `CREATE TABLE processed_events (
      consumer text NOT NULL,
      event_id text NOT NULL,
      topic text NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, event_id)
    )`,
  ],
};
