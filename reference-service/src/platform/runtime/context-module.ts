import type { EventTopic } from '@tracegate/contracts';
import type { Router } from 'express';
import type { ContextName, ServiceConfig } from '../config/config.ts';
import type { Database, Queryable } from '../db/database.ts';
import type { Migration } from '../db/migrate.ts';
import type { Logger } from '../logging/logger.ts';
import type { Subscription } from '../messaging/inbound-event.ts';
import type { ServiceMetrics } from '../metrics/metrics.ts';
import type { OutboxWriter } from '../outbox/outbox.ts';

/** What the platform hands a bounded context. */
export interface ContextDependencies {
  readonly db: Database;
  readonly outbox: OutboxWriter;
  /** Runs `fn` in one transaction of the context's database and kicks the outbox relay after the commit. */
  transact<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  readonly config: ServiceConfig;
}

/** What a bounded context gives the platform once built. */
export interface ContextParts {
  readonly router?: Router;
  readonly subscriptions: readonly Subscription[];
}

/** A bounded context as the platform sees it: its own database schema, events and routes. */
export interface ContextModule {
  readonly name: ContextName;
  /** Canonical service name: CloudEvents source `/<serviceName>` and consumer group `<prefix><serviceName>`. */
  readonly serviceName: string;
  readonly migrations: readonly Migration[];
  readonly publishes: readonly EventTopic[];
  build(deps: ContextDependencies): ContextParts;
}
