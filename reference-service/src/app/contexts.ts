import { orderContext } from '../contexts/order/order-context.ts';
import { paymentContext } from '../contexts/payment/payment-context.ts';
import type { ContextName } from '../platform/config/config.ts';
import type { ContextModule } from '../platform/runtime/context-module.ts';

/** Every bounded context this service can run, by CONTEXTS name. */
export const contextModules: Readonly<Record<ContextName, ContextModule>> = {
  order: orderContext,
  payment: paymentContext,
};

/** The modules named by CONTEXTS, in start order. */
export function selectContexts(names: readonly ContextName[]): ContextModule[] {
  return names.map((name) => contextModules[name]);
}
