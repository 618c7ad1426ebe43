import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ServiceError, ValidationError } from '../errors.ts';
import type { Logger } from '../logging/logger.ts';
import type { FieldError } from './problem.ts';
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
    const bodyKind = httpish.type ? bodyParserKinds[httpish.type] : undefined;
    if (bodyKind)
      return sendProblem(res, bodyKind, {
        detail: bodyKind === 'payload-too-large' ? 'the body exceeds the limit' : 'the body could not be read as JSON',
      });
    if (error instanceof ServiceError) {
      if (error.code === 'NOT_FOUND') return sendProblem(res, 'not-found', { detail: error.message });
      if (error.code === 'ILLEGAL_TRANSITION') return sendProblem(res, 'illegal-transition', { detail: error.message });
      if (error.code === 'IDEMPOTENCY_KEY_REUSED')
        return sendProblem(res, 'idempotency-key-reused', { detail: error.message });
      if (error instanceof ValidationError) {
        return sendProblem(res, 'validation-failed', { detail: error.message, errors: error.fields });
      }
    }
    // A 400 without field errors comes from reading the body (e.g. bytes that do not decode with their
    // Content-Encoding), not from the OpenAPI validator.
    if (httpish.status === 400 && httpish.errors === undefined)
      return sendProblem(res, 'malformed-request', { detail: 'the body could not be read with its Content-Encoding' });
    switch (httpish.status) {
      case 400: {
        const errors = fieldErrors(httpish);
        return sendProblem(res, 'validation-failed', { detail: `${errors.length} field(s) invalid`, errors });
      }
      case 404:
        return sendProblem(res, 'not-found', { detail: 'no such resource' });
      case 405:
        return sendProblem(res, 'method-not-allowed', {
          detail: `${req.method} is not allowed here`,
          headers: httpish.headers ?? {},
        });
      case 413:
        return sendProblem(res, 'payload-too-large', { detail: 'the body exceeds the limit' });
      case 415:
        return sendProblem(res, 'unsupported-media-type', { detail: 'send application/json' });
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
    sendProblem(res, 'internal-error', { detail: 'an unexpected error occurred; quote the correlation id' });
  };
}
