import type { Router } from 'express';
import express from 'express';
import type { ReadinessReport } from '../health/readiness.ts';
import type { Logger } from '../logging/logger.ts';
import type { ServiceMetrics } from '../metrics/metrics.ts';
import { errorHandler, notFound } from './error-handler.ts';
import { correlation, observeRequests } from './middleware.ts';
import { openApiValidation } from './openapi-validation.ts';
import { opsRoutes } from './ops-routes.ts';

/** What the HTTP app is built from. */
export interface AppOptions {
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  readonly bodyLimitBytes: number;
  readonly readiness: () => Promise<ReadinessReport>;
  /** The bounded contexts' routers. */
  readonly routers: readonly Router[];
}

/** The Express app: correlation → metrics/logs → JSON body → OpenAPI validation → routes → problem errors. */
export function createApp(options: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(correlation);
  app.use(observeRequests(options));
  app.use(express.json({ limit: options.bodyLimitBytes, type: ['application/json', 'application/*+json'] }));
  app.use(openApiValidation());
  app.use(opsRoutes(options));
  for (const router of options.routers) app.use(router);
  app.use(notFound);
  app.use(errorHandler(options.logger));
  return app;
}
