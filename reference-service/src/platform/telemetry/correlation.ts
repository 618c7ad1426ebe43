import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Request header and Kafka header that carry the correlation id. */
export const correlationHeader = 'x-correlation-id';

/** Span attribute that carries the correlation id. */
export const correlationAttribute = 'correlation.id';

const safeCorrelationId = /^[A-Za-z0-9._:-]{1,128}$/;
const storage = new AsyncLocalStorage<{ readonly correlationId: string }>();
const perRequest = new WeakMap<IncomingMessage, string>();

/** True for a correlation id we are willing to echo and propagate. */
export function isValidCorrelationId(value: unknown): value is string {
  return typeof value === 'string' && safeCorrelationId.test(value);
}

/** Accepts a well-formed caller value; anything else (absent, CRLF, 10 kB, repeated) becomes a fresh UUID. */
export function resolveCorrelationId(value: unknown): string {
  return isValidCorrelationId(value) ? value : randomUUID();
}

/** The correlation id of an incoming request, decided once per request (the HTTP span hook and express agree). */
export function correlationIdForRequest(request: IncomingMessage): string {
  let id = perRequest.get(request);
  if (id === undefined) {
    id = resolveCorrelationId(request.headers[correlationHeader]);
    perRequest.set(request, id);
  }
  return id;
}

/** Runs `fn` with the correlation id visible to every log line and outbox write beneath it. */
export function withCorrelationId<T>(correlationId: string, fn: () => T): T {
  return storage.run({ correlationId }, fn);
}

/** The correlation id of the current async context, if any. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}
