import type { Request, RequestHandler } from 'express';
import type { Logger } from '../logging/logger.ts';
import type { ServiceMetrics } from '../metrics/metrics.ts';
import { correlationIdForRequest, withCorrelationId } from '../telemetry/correlation.ts';

/** Accepts or generates the correlation id, echoes it, and scopes it to everything the request does. */
export const correlation: RequestHandler = (req, res, next) => {
  const correlationId = correlationIdForRequest(req);
  res.setHeader('X-Correlation-Id', correlationId);
  withCorrelationId(correlationId, next);
};

/** The only request headers a log line records: none carries a credential, a cookie or a caller's free text. */
export const loggedRequestHeaders: readonly string[] = [
  'content-type',
  'content-length',
  'content-encoding',
  'accept',
  'user-agent',
  'x-correlation-id',
  'traceparent',
  'idempotency-key',
];

/** The allow-listed headers of a request, for logging. */
export function headersForLog(headers: Request['headers']): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const name of loggedRequestHeaders) {
    const value = headers[name];
    if (value !== undefined) kept[name] = value;
  }
  return kept;
}

function routeOf(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${req.baseUrl}${path}` : 'unmatched';
}

/** Records the duration histogram by route template and status, and logs one line per request. */
export function observeRequests(options: { logger: Logger; metrics: ServiceMetrics }): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeOf(req);
      options.metrics.httpDuration.observe({ method: req.method, route, status_code: String(res.statusCode) }, seconds);
      if (req.path.startsWith('/health/') || req.path === '/metrics') return;
      options.logger.info(
        {
          req: { method: req.method, url: req.originalUrl, route, headers: headersForLog(req.headers) },
          res: { statusCode: res.statusCode },
          durationMs: Math.round(seconds * 1_000 * 10) / 10,
        },
        'request completed',
      );
    });
    next();
  };
}
