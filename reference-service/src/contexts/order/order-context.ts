import type { ContextModule } from '../../platform/runtime/context-module.ts';
import { orderRoutes } from './http/order-routes.ts';
import { paymentSubscriptions } from './messaging/payment-subscriptions.ts';
import { shippingSubscriptions } from './messaging/shipping-subscriptions.ts';
import { orderMigrations } from './store/migrations.ts';

/** The order bounded context: HTTP API, order database, `order.*` events; reacts to `payment.*` and `shipment.*`. */
export const orderContext: ContextModule = {
  name: 'order',
  serviceName: 'order-service',
  migrations: orderMigrations,
  publishes: ['order.created', 'order.cancelled', 'order.payment-rejected'],
  build: (deps) => ({
    router: orderRoutes(deps),
    subscriptions: [...paymentSubscriptions(deps), ...shippingSubscriptions(deps)],
  }),
};
