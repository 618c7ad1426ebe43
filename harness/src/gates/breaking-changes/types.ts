/** How much a change matters: `error` breaks clients, `warning` may break some, `info` is compatible. */
export type Severity = 'error' | 'warning' | 'info';

/** One difference between the released and the current contract document. */
export interface Change {
  /** Where, e.g. `POST /orders request body /items/[]/quantity` or `order.created payload /orderId`. */
  readonly path: string;
  /** oasdiff rule id, e.g. `response-property-removed` (AsyncAPI: direction-aware ids such as `sent-message-property-removed`). */
  readonly rule: string;
  readonly message: string;
  readonly severity: Severity;
  /** `file:line` in the current document (of the nearest node that still exists for a removal). */
  readonly location?: string;
  /** The waiver that accepts this change; `expired` waivers no longer do. */
  readonly waiver?: { readonly reason: string; readonly expires: string; readonly expired: boolean };
}

/** A change before it is placed in the document: the JSON pointer of its node in the current document. */
export interface LocatedChange extends Omit<Change, 'location' | 'waiver'> {
  readonly pointer?: string;
  /** The line, when the diff engine knows it (oasdiff's `revisionSource`). */
  readonly line?: number;
}

/**
 * Which side reads the data a schema describes. `read-by-others` (responses; events the service sends): removing or
 * retyping a field breaks the readers. `written-by-others` (requests; events the service receives): a new required
 * field or a narrower type breaks the writers.
 */
export type Direction = 'read-by-others' | 'written-by-others';

/** Looks up a local `$ref` in the document the schema comes from. */
export type RefResolver = (ref: string) => unknown;
