import { type StoredSpan, WireSpan } from '../otlp/wire-span.ts';
import type { Attributes, AttributeValue, Span, SpanScope } from '../types.ts';
import { SharedCharge } from './shared-charge.ts';

// A span object with its ids, times, status and the store's index entries, measured on Node 24 (x64).
const SPAN_BASE_BYTES = 320;
// A WireSpan (eight fields), its span-id string and the store's index entries; its bytes are counted with its request.
const WIRE_SPAN_BYTES = 176;
const EVENT_BASE_BYTES = 64;
const LINK_BASE_BYTES = 96;
const STRING_HEADER_BYTES = 16;
const SLOT_BYTES = 16;

function valueBytes(value: AttributeValue): number {
  if (typeof value === 'string') return STRING_HEADER_BYTES + value.length;
  if (value === null || typeof value !== 'object') return SLOT_BYTES;
  if (Array.isArray(value)) {
    let bytes = SLOT_BYTES * 2;
    for (const item of value) bytes += SLOT_BYTES + valueBytes(item);
    return bytes;
  }
  return attributesBytes(value);
}

/** Estimated bytes an attributes object retains: keys and values, strings counted by length. */
export function attributesBytes(attributes: Attributes): number {
  let bytes = SLOT_BYTES * 2;
  for (const key in attributes) {
    bytes += SLOT_BYTES + key.length + valueBytes(attributes[key] as AttributeValue);
  }
  return bytes;
}

/** Estimated bytes a stored span retains on its own (its resource and scope are shared, counted apart). */
export function spanBytes(span: Span): number {
  let bytes = SPAN_BASE_BYTES + span.name.length + span.status.message.length + (span.traceState?.length ?? 0);
  bytes += attributesBytes(span.attributes);
  for (const event of span.events) bytes += EVENT_BASE_BYTES + event.name.length + attributesBytes(event.attributes);
  for (const link of span.links) bytes += LINK_BASE_BYTES + attributesBytes(link.attributes);
  return bytes;
}

function scopeBytes(scope: SpanScope): number {
  return 64 + scope.name.length + scope.version.length + attributesBytes(scope.attributes);
}

/**
 * Byte accounting of stored spans: each span on its own, shared resources and scopes once. A span kept as its bytes
 * counts its share of nothing but itself: the request buffer it lies in is counted whole, once, while any span of it
 * is stored; reading the span (`built`) adds the built span's bytes.
 */
export class ByteCount {
  total = 0;
  readonly #resources = new SharedCharge(attributesBytes);
  readonly #scopes = new SharedCharge(scopeBytes);
  readonly #buffers = new SharedCharge((buffer: Buffer) => buffer.buffer.byteLength);
  // Spans kept as bytes whose built span is counted (each once, while stored).
  #charged = new WeakSet<WireSpan>();

  add(span: StoredSpan): void {
    if (span instanceof WireSpan) {
      const { source } = span;
      this.total += WIRE_SPAN_BYTES + this.#buffers.hold(source.buffer) + this.#shared(source, true);
    } else this.total += spanBytes(span) + this.#shared(span, true);
  }

  remove(span: StoredSpan): void {
    if (span instanceof WireSpan) {
      const { source } = span;
      this.total -= WIRE_SPAN_BYTES + this.#buffers.release(source.buffer) + this.#shared(source, false);
      if (span.built && this.#charged.delete(span)) this.total -= spanBytes(span.span());
    } else this.total -= spanBytes(span) + this.#shared(span, false);
  }

  /** Counts a stored span read from its bytes (once): the built span is kept beside them. */
  built(span: WireSpan): void {
    if (this.#charged.has(span)) return;
    this.#charged.add(span);
    this.total += spanBytes(span.span());
  }

  clear(): void {
    this.total = 0;
    this.#resources.clear();
    this.#scopes.clear();
    this.#buffers.clear();
    this.#charged = new WeakSet();
  }

  #shared(holder: Pick<Span, 'resource' | 'scope'>, hold: boolean): number {
    if (hold) return this.#resources.hold(holder.resource) + this.#scopes.hold(holder.scope);
    return this.#resources.release(holder.resource) + this.#scopes.release(holder.scope);
  }
}
