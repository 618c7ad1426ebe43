import { loadOpenApi, openapiText } from '@tracegate/contracts';
import { Router } from 'express';
import type { ReadinessReport } from '../health/readiness.ts';
import type { ServiceMetrics } from '../metrics/metrics.ts';

/** `/health/live`, `/health/ready`, `/metrics`, `/openapi.yaml`, `/openapi.json`. */
export function opsRoutes(options: { metrics: ServiceMetrics; readiness: () => Promise<ReadinessReport> }): Router {
  const router = Router();
  router.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/health/ready', async (_req, res) => {
    const report = await options.readiness();
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });
  router.get('/metrics', async (_req, res) => {
    res.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
  });
  router.get('/openapi.yaml', (_req, res) => {
    res.type('application/yaml').send(openapiText());
  });
  router.get('/openapi.json', (_req, res) => {
    res.json(loadOpenApi());
  });
  return router;
}
