import type { ContextModule } from '../../platform/runtime/context-module.ts';
import { orderSubscriptions } from './messaging/order-subscriptions.ts';
import { paymentMigrations } from './store/migrations.ts';

/** The payment bounded context: payment database, `payment.*` events; reacts to `order.*`. No HTTP API. */
export const paymentContext: ContextModule = {
  name: 'payment',
  serviceName: 'payment-service',
  migrations: paymentMigrations,
  publishes: ['payment.authorized', 'payment.declined', 'payment.refunded'],
  build: (deps) => ({ subscriptions: orderSubscriptions(deps) }),
};
