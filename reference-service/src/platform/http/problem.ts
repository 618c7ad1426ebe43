import { trace } from '@opentelemetry/api';
import type { Response } from 'express';
import { currentCorrelationId } from '../telemetry/correlation.ts';

/** One failing field of a 422. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** The problem kinds the service answers with. */
export type ProblemKind =
  | 'malformed-request'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'validation-failed'
  | 'not-found'
  | 'method-not-allowed'
  | 'illegal-transition'
  | 'idempotency-key-reused'
  | 'internal-error';

const statuses: Record<ProblemKind, { status: number; title: string }> = {
  'malformed-request': { status: 400, title: 'Malformed request' },
  'payload-too-large': { status: 413, title: 'Payload too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'validation-failed': { status: 422, title: 'Request validation failed' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'illegal-transition': { status: 409, title: 'Illegal state transition' },
  'idempotency-key-reused': { status: 409, title: 'Idempotency key reused with a different request' },
  'internal-error': { status: 500, title: 'Internal server error' },
};

/** Options of {@link sendProblem}. */
export interface ProblemOptions {
  readonly detail?: string;
  readonly errors?: readonly FieldError[];
  readonly headers?: Readonly<Record<string, string>>;
}

/** Answers with RFC 9457 `application/problem+json`, carrying the correlation id and trace id. */
export function sendProblem(res: Response, kind: ProblemKind, options: ProblemOptions = {}): void {
  const { status, title } = statuses[kind];
  const traceId = trace.getActiveSpan()?.spanContext().traceId;
  const body = {
    type: `urn:tracegate:problem:${kind}`,
    title,
    status,
    ...(options.detail === undefined ? {} : { detail: options.detail }),
    instance: res.req.originalUrl.split('?')[0],
    correlationId: currentCorrelationId() ?? String(res.getHeader('x-correlation-id') ?? ''),
    ...(traceId && /^[0-9a-f]{32}$/.test(traceId) && traceId !== '0'.repeat(32) ? { traceId } : {}),
    ...(options.errors === undefined ? {} : { errors: options.errors }),
  };
  for (const [name, value] of Object.entries(options.headers ?? {})) res.setHeader(name, value);
  res.status(status).type('application/problem+json').send(JSON.stringify(body));
}
