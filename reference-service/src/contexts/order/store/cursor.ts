import { ValidationError } from '../../../platform/errors.ts';

/** The keyset position after the last order of a page. */
export interface OrderCursor {
  readonly createdAt: Date;
  readonly id: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque, URL-safe cursor. */
export function encodeCursor(cursor: OrderCursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.createdAt.toISOString(), i: cursor.id })).toString('base64url');
}

/** Decodes a cursor from `encodeCursor`; anything else is a 422 on `/query/cursor`. */
export function decodeCursor(raw: string): OrderCursor {
  const invalid = new ValidationError([{ field: '/query/cursor', message: 'is not a cursor returned by this API' }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  const { t, i } = (parsed ?? {}) as { t?: unknown; i?: unknown };
  if (typeof t !== 'string' || typeof i !== 'string' || !uuid.test(i)) throw invalid;
  const createdAt = new Date(t);
  if (Number.isNaN(createdAt.getTime())) throw invalid;
  return { createdAt, id: i };
}
