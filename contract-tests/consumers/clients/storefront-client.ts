/** An order line as the storefront sends it (amounts in minor units). */
export interface OrderLine {
  readonly sku: string;
  readonly quantity: number;
  readonly unitPrice: number;
}

/** The order as the storefront reads it: only the fields it uses. */
export interface StorefrontOrder {
  readonly id: string;
  readonly status: 'PENDING' | 'CONFIRMED' | 'REJECTED' | 'CANCELLED';
  readonly paymentStatus: string;
  readonly totalAmount: number;
  readonly currency: string;
  readonly items: readonly OrderLine[];
  readonly statusReason: string | null;
  readonly createdAt: string;
}

/** One page of orders. */
export interface StorefrontOrderPage {
  readonly items: readonly StorefrontOrder[];
  readonly nextCursor: string | null;
}

/** A problem answer (RFC 9457) surfaced as an error. */
export class StorefrontError extends Error {
  override readonly name = 'StorefrontError';
  readonly status: number;
  readonly problem: { readonly type?: string; readonly title?: string; readonly correlationId?: string };

  constructor(status: number, problem: StorefrontError['problem']) {
    super(`${status} ${problem.title ?? 'request failed'}`);
    this.status = status;
    this.problem = problem;
  }
}

/** The storefront's small typed client of the order service. */
export interface StorefrontClient {
  createOrder(
    input: { customerId: string; currency: string; items: readonly OrderLine[] },
    idempotencyKey: string,
  ): Promise<StorefrontOrder>;
  getOrder(id: string): Promise<StorefrontOrder>;
  listOrders(query: {
    customerId?: string;
    status?: StorefrontOrder['status'];
    limit?: number;
  }): Promise<StorefrontOrderPage>;
  cancelOrder(id: string, reason?: string): Promise<StorefrontOrder>;
}

/** Creates a client against `baseUrl`, sending `correlationId` with every request. */
export function storefrontClient(baseUrl: string, correlationId = 'storefront-1'): StorefrontClient {
  async function call<T>(
    method: string,
    path: string,
    init: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<T> {
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers: {
        accept: 'application/json',
        'x-correlation-id': correlationId,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const body = (await response.json()) as unknown;
    if (!response.ok) throw new StorefrontError(response.status, body as StorefrontError['problem']);
    return body as T;
  }
  return {
    createOrder: (input, idempotencyKey) =>
      call('POST', '/orders', { body: input, headers: { 'idempotency-key': idempotencyKey } }),
    getOrder: (id) => call('GET', `/orders/${encodeURIComponent(id)}`),
    listOrders: (query) => {
      const params = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
      return call('GET', `/orders?${params}`);
    },
    cancelOrder: (id, reason) =>
      call('POST', `/orders/${encodeURIComponent(id)}/cancel`, reason === undefined ? {} : { body: { reason } }),
  };
}
