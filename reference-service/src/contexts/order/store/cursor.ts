import { ValidationError } from '../../../platform/errors.ts';

/** The keyset position after the last order of a page. */
export interface OrderCursor {
  readonly createdAt: Date;
  readonly id: string;
}

/**
 * `<epoch ms>_<order uuid>`: the OpenAPI pattern describes every cursor exactly, so any value that matches it is a
 * position the API can page from (a contract-valid cursor is never rejected); 14 digits stay within year 5138.
 */
export const CURSOR_PATTERN = /^([0-9]{1,14})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** URL-safe cursor for the position after `cursor`. */
export function encodeCursor(cursor: OrderCursor): string {
  return `${cursor.createdAt.getTime()}_${cursor.id.toLowerCase()}`;
}

/** Decodes a cursor from `encodeCursor`; anything else is a 422 on `/query/cursor`. */
export function decodeCursor(raw: string): OrderCursor {
  const match = CURSOR_PATTERN.exec(raw);
  const createdAt = new Date(Number(match?.[1]));
  if (!match?.[2] || Number.isNaN(createdAt.getTime())) {
    throw new ValidationError([{ field: '/query/cursor', message: 'is not a cursor returned by this API' }]);
  }
  return { createdAt, id: match[2] };
}
