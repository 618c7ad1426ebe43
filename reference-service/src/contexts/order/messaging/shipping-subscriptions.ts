import type { Logger } from '../../../platform/logging/logger.ts';
import type { Subscription } from '../../../platform/messaging/inbound-event.ts';
import { subscribe } from '../../../platform/messaging/inbound-event.ts';
import { recordShipment } from '../domain/order.ts';
import { findOrder, saveOrderShipment } from '../store/order-repository.ts';

/**
 * The order side of shipping: a scheduled shipment is recorded on its order. A shipment for an order this deployment
 * does not know (another deployment's, on shared topics) is logged and ignored, not failed.
 */
export function shippingSubscriptions(deps: { logger: Logger }): Subscription[] {
  const { logger } = deps;
  return [
    subscribe('shipment.scheduled', async (event, tx) => {
      const { orderId, shipmentId, carrier } = event.payload;
      const before = await findOrder(tx, orderId, { lock: true });
      if (!before) {
        logger.warn({ orderId, shipmentId, topic: event.topic }, 'shipment for an unknown order ignored');
        return;
      }
      const after = recordShipment(before, event.payload, new Date());
      if (after === before) {
        logger.info({ orderId, shipmentId, topic: event.topic }, 'shipment already recorded');
        return;
      }
      await saveOrderShipment(tx, after);
      logger.info({ orderId, shipmentId, carrier, topic: event.topic }, 'order shipment recorded');
    }),
  ];
}
