import type { Request } from 'express';
import { Router } from 'express';
import type { ContextDependencies } from '../../../platform/runtime/context-module.ts';
import { currentCorrelationId, resolveCorrelationId } from '../../../platform/telemetry/correlation.ts';
import { cancelOrderById } from '../application/cancel-order.ts';
import { createOrder } from '../application/create-order.ts';
import { getOrder, getOrderPage } from '../application/query-orders.ts';
import type { NewOrder, OrderStatus } from '../domain/order.ts';
import { toOrderDto } from './order-dto.ts';

function correlationOf(): string {
  return currentCorrelationId() ?? resolveCorrelationId(undefined);
}

function queryText(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** The order endpoints of openapi.yaml (requests already validated against it). */
export function orderRoutes(deps: ContextDependencies): Router {
  const router = Router();

  router.post('/orders', async (req, res) => {
    const result = await createOrder(deps, {
      input: req.body as NewOrder,
      correlationId: correlationOf(),
      idempotencyKey: req.get('idempotency-key'),
    });
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(201).location(`/orders/${result.order.id}`).json(toOrderDto(result.order));
  });

  router.get('/orders', async (req, res) => {
    // The validator has checked the digits and the range, and coerced the value to a number.
    const limit = ((req.query as Record<string, unknown>).limit as number | undefined) ?? 20;
    const page = await getOrderPage(deps.db, {
      status: queryText(req, 'status') as OrderStatus | undefined,
      customerId: queryText(req, 'customerId'),
      cursor: queryText(req, 'cursor'),
      limit,
    });
    res.json({ items: page.items.map(toOrderDto), nextCursor: page.nextCursor });
  });

  router.get('/orders/:id', async (req, res) => {
    res.json(toOrderDto(await getOrder(deps.db, req.params.id)));
  });

  router.post('/orders/:id/cancel', async (req, res) => {
    const reason = (req.body as { reason?: string } | undefined)?.reason ?? null;
    res.json(toOrderDto(await cancelOrderById(deps, { id: req.params.id, reason, correlationId: correlationOf() })));
  });

  return router;
}
