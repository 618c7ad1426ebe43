import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ServiceError, ValidationError } from '../errors.ts';
import type { Logger } from '../logging/logger.ts';
import type { FieldError, ProblemKind, ProblemOptions } from './problem.ts';
import { sendProblem } from './problem.ts';

interface HttpishError {
  status?: number;
  type?: string;
  errors?: { path?: string; message?: string }[];
  headers?: Record<string, string>;
  message?: string;
}

function fieldErrors(error: HttpishError): FieldError[] {
  // The validator says /params/…; openapi.yaml documents parameter locations as /path/….
  return (error.errors ?? []).map((item) => ({
    field: (item.path ?? '').replace(/^\/params\//, '/path/'),
    message: item.message ?? 'is invalid',
  }));
}

const bodyParserKinds: Record<string, 'malformed-request' | 'payload-too-large' | 'unsupported-media-type'> = {
  'entity.parse.failed': 'malformed-request',
  'entity.too.large': 'payload-too-large',
  'encoding.unsupported': 'unsupported-media-type',
  'charset.unsupported': 'unsupported-media-type',
  'entity.verify.failed': 'malformed-request',
  'request.aborted': 'malformed-request',
};

/** 404 for anything no route answered. */
export const notFound: RequestHandler = (_req, res) => sendProblem(res, 'not-found', { detail: 'no such resource' });

/** Maps every error to a problem response; unknown errors become a 500 with no internals, logged with the trace id. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const httpish = (typeof error === 'object' && error !== null ? error : {}) as HttpishError;
    const problem = bodyProblem(httpish) ?? serviceProblem(error) ?? httpProblem(req.method, httpish);
    if (problem) return sendProblem(res, problem.kind, problem.options);
    logger.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
    sendProblem(res, 'internal-error', { detail: 'an unexpected error occurred; quote the correlation id' });
  };
}

interface Problem {
  readonly kind: ProblemKind;
  readonly options: ProblemOptions;
}

/** A body the body parser could not read. */
function bodyProblem(httpish: HttpishError): Problem | undefined {
  const kind = httpish.type ? bodyParserKinds[httpish.type] : undefined;
  if (!kind) return undefined;
  const detail = kind === 'payload-too-large' ? 'the body exceeds the limit' : 'the body could not be read as JSON';
  return { kind, options: { detail } };
}

const serviceProblems: Partial<Record<ServiceError['code'], ProblemKind>> = {
  NOT_FOUND: 'not-found',
  ILLEGAL_TRANSITION: 'illegal-transition',
  IDEMPOTENCY_KEY_REUSED: 'idempotency-key-reused',
};

/** The service's own errors. */
function serviceProblem(error: unknown): Problem | undefined {
  if (!(error instanceof ServiceError)) return undefined;
  const kind = serviceProblems[error.code];
  if (kind) return { kind, options: { detail: error.message } };
  if (error instanceof ValidationError) {
    return { kind: 'validation-failed', options: { detail: error.message, errors: error.fields } };
  }
  return undefined;
}

/** Errors that carry an HTTP status (the OpenAPI validator's, Express's). */
function httpProblem(method: string, httpish: HttpishError): Problem | undefined {
  // A 400 without field errors comes from reading the body (e.g. bytes that do not decode with their
  // Content-Encoding), not from the OpenAPI validator.
  if (httpish.status === 400 && httpish.errors === undefined)
    return { kind: 'malformed-request', options: { detail: 'the body could not be read with its Content-Encoding' } };
  switch (httpish.status) {
    case 400: {
      const errors = fieldErrors(httpish);
      return { kind: 'validation-failed', options: { detail: `${errors.length} field(s) invalid`, errors } };
    }
    case 404:
      return { kind: 'not-found', options: { detail: 'no such resource' } };
    case 405:
      return {
        kind: 'method-not-allowed',
        options: { detail: `${method} is not allowed here`, headers: httpish.headers ?? {} },
      };
    case 413:
      return { kind: 'payload-too-large', options: { detail: 'the body exceeds the limit' } };
    case 415:
      return { kind: 'unsupported-media-type', options: { detail: 'send application/json' } };
  }
  return undefined;
}
