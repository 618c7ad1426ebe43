import type { SpanKind, SpanStatusCode } from '../types.ts';

const KINDS: readonly SpanKind[] = ['internal', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUSES: readonly SpanStatusCode[] = ['unset', 'ok', 'error'];

/** Reads an OTLP span kind (integer, or a name such as SPAN_KIND_SERVER / server); undefined when unknown. */
export function readKind(value: unknown): SpanKind | undefined {
  if (value === undefined || value === null) return 'internal';
  if (typeof value === 'number') return KINDS[value];
  if (typeof value !== 'string') return undefined;
  const name = value.toLowerCase().replace(/^span_kind_/, '');
  if (name === 'unspecified') return 'internal';
  return KINDS.find((kind) => kind === name);
}

/** Reads an OTLP status code (integer, or a name such as STATUS_CODE_ERROR / error); undefined when unknown. */
export function readStatusCode(value: unknown): SpanStatusCode | undefined {
  if (value === undefined || value === null) return 'unset';
  if (typeof value === 'number') return STATUSES[value];
  if (typeof value !== 'string') return undefined;
  const name = value.toLowerCase().replace(/^status_code_/, '');
  return STATUSES.find((code) => code === name);
}
