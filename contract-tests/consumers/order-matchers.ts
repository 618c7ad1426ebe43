import { MatchersV3 } from '@pact-foundation/pact';

const { like, eachLike, regex, uuid, datetime, integer, string } = MatchersV3;

/** ISO-8601 instant as the services write it (`toISOString()`). */
export const isoInstant = (example: string) => datetime("yyyy-MM-dd'T'HH:mm:ss.SSSX", example);

/** W3C traceparent. */
export const traceparent = regex(
  '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
  '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
);

/** A correlation id as services accept it. */
export const correlationId = (example: string) => regex('^[A-Za-z0-9._:-]{1,128}$', example);

/** An order as the storefront relies on it; `status` is given per interaction. */
export function orderBody(input: { id?: unknown; status: unknown; paymentStatus: unknown; statusReason?: unknown }) {
  return {
    id: input.id ?? uuid('0f8fad5b-d9cb-469f-a165-70867728950e'),
    customerId: string('customer-42'),
    currency: regex('^[A-Z]{3}$', 'EUR'),
    items: eachLike({ sku: string('BOOK-1'), quantity: integer(2), unitPrice: integer(1250) }),
    totalAmount: integer(2500),
    status: input.status,
    paymentStatus: input.paymentStatus,
    statusReason: input.statusReason ?? null,
    correlationId: like('storefront-1'),
    createdAt: isoInstant('2026-11-20T10:15:30.000Z'),
    updatedAt: isoInstant('2026-11-20T10:15:30.000Z'),
  };
}
