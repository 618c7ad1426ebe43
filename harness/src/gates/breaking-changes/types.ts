/** One difference between the released and the current contract document. */
export interface Change {
  /** Where, e.g. `POST /orders request body /items/[]/quantity` or `order.created payload /orderId`. */
  readonly path: string;
  /** oasdiff-style rule id, e.g. `response-property-removed`. */
  readonly rule: string;
  readonly message: string;
  readonly breaking: boolean;
}

/**
 * Which side reads the data a schema describes. `read-by-others` (responses; events the service sends): removing or
 * retyping a field breaks the readers. `written-by-others` (requests; events the service receives): a new required
 * field or a narrower type breaks the writers.
 */
export type Direction = 'read-by-others' | 'written-by-others';

/** Looks up a local `$ref` in the document the schema comes from. */
export type RefResolver = (ref: string) => unknown;
