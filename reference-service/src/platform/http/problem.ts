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
  | 'header-fields-too-large'
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
  'header-fields-too-large': { status: 431, title: 'Request header fields too large' },
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

/** What a problem body is built from besides its kind. */
export interface ProblemContext {
  /** The request path, when the request was parsed far enough to know it. */
  readonly instance?: string | undefined;
  readonly correlationId: string;
  readonly traceId?: string | undefined;
}

/** The RFC 9457 body of a problem kind (shared by Express responses and raw-socket parser rejections). */
export function problemBody(kind: ProblemKind, context: ProblemContext, options: ProblemOptions = {}) {
  const { status, title } = statuses[kind];
  const traceId = context.traceId;
  return {
    type: `urn:tracegate:problem:${kind}`,
    title,
    status,
    ...(options.detail === undefined ? {} : { detail: options.detail }),
    ...(context.instance ? { instance: context.instance } : {}),
    correlationId: context.correlationId,
    ...(traceId && /^[0-9a-f]{32}$/.test(traceId) && traceId !== '0'.repeat(32) ? { traceId } : {}),
    ...(options.errors === undefined ? {} : { errors: options.errors }),
  };
}

/** Answers with RFC 9457 `application/problem+json`, carrying the correlation id and trace id. */
export function sendProblem(res: Response, kind: ProblemKind, options: ProblemOptions = {}): void {
  const body = problemBody(
    kind,
    {
      instance: res.req.originalUrl.split('?')[0] ?? '',
      correlationId: currentCorrelationId() ?? String(res.getHeader('x-correlation-id') ?? ''),
      traceId: trace.getActiveSpan()?.spanContext().traceId,
    },
    options,
  );
  for (const [name, value] of Object.entries(options.headers ?? {})) res.setHeader(name, value);
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}
