import type { Attributes, Span, SpanKind, SpanLink } from '../types.ts';
import { NO_LINKS } from './to-spans.ts';
import { attributesFromBytes, spanFromBytes, type WireSource } from './wire-span-reader.ts';

/** The indexed fields of a WireSpan and where its message lies in the request bytes. */
export interface WireSpanFields {
  readonly traceId: string;
  readonly spanId: string;
  readonly name: string;
  readonly kind: SpanKind;
  readonly start: number;
  readonly end: number;
}

/**
 * A span kept as its bytes in the request it arrived in, with the fields the store indexes by (trace and span id,
 * name, kind, service); the public `Span` is read from the bytes on first use and kept, or read for one use only
 * (`read`: a scan testing spans it may not return). Spans with links are built on arrival instead (the store indexes
 * incoming links), so a WireSpan has none to index.
 */
export class WireSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly name: string;
  readonly kind: SpanKind;
  readonly service: string;
  readonly source: WireSource;
  readonly start: number;
  readonly end: number;
  #built: Span | undefined;

  constructor(fields: WireSpanFields, source: WireSource) {
    this.traceId = fields.traceId;
    this.spanId = fields.spanId;
    this.name = fields.name;
    this.kind = fields.kind;
    this.service = source.service;
    this.source = source;
    this.start = fields.start;
    this.end = fields.end;
  }

  /** None: a span with links is built on arrival. */
  get links(): readonly SpanLink[] {
    return NO_LINKS;
  }

  /** True once the public span was read from the bytes. */
  get built(): boolean {
    return this.#built !== undefined;
  }

  /** The span's own attributes: the built span's, or read from the bytes (a fresh object) while it is not built. */
  readAttributes(): Attributes {
    return this.#built?.attributes ?? attributesFromBytes(this.source, this.start, this.end);
  }

  /** The public span, read from the bytes on the first call; every call returns the same object. */
  span(): Span {
    this.#built ??= spanFromBytes(this.source, this.start, this.end);
    return this.#built;
  }

  /** The kept span, or one read from the bytes for this call only (not kept). */
  read(): Span {
    return this.#built ?? spanFromBytes(this.source, this.start, this.end);
  }

  /** Keeps `span` (one `read` returned) unless a span is kept already; returns the kept one. */
  keep(span: Span): Span {
    this.#built ??= span;
    return this.#built;
  }

  /** Drops the kept span: the next read reads the bytes again. */
  forget(): void {
    this.#built = undefined;
  }
}

/** A span as the store keeps it: built, or its bytes (built on first read). */
export type StoredSpan = Span | WireSpan;

/** The public span of a stored one (built on first read, then the same object). */
export function spanOf(stored: StoredSpan): Span {
  return stored instanceof WireSpan ? stored.span() : stored;
}
