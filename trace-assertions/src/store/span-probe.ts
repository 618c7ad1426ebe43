import type { WireSpan } from '../otlp/wire-span.ts';
import type { Attributes, Span, SpanKind } from '../types.ts';

/**
 * What a test of name, service, kind, attributes and resource reads, of one WireSpan at a time, without building the
 * span: its attributes are read from the bytes on first use. One probe serves a whole scan.
 */
export class SpanProbe {
  name = '';
  service = '';
  kind: SpanKind = 'internal';
  resource: Attributes = {};
  #stored: WireSpan | undefined;
  #attributes: Attributes | undefined;

  /** The probe of `stored` (the same object, refilled), typed as the span a compiled own-field test reads. */
  of(stored: WireSpan): Span {
    this.name = stored.name;
    this.service = stored.service;
    this.kind = stored.kind;
    this.resource = stored.source.resource;
    this.#stored = stored;
    this.#attributes = undefined;
    return this as unknown as Span;
  }

  get attributes(): Attributes {
    this.#attributes ??= this.#stored?.readAttributes() ?? {};
    return this.#attributes;
  }
}
